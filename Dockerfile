# syntax=docker/dockerfile:1
# Production image of the Budget & ROI Tracker: the API server plus the web app it serves.
#
#   docker compose up --build        (see docker-compose.yml; needs JWT_SECRET)

# ---- build: Rust toolchain and the wasm tools; compiles the server and the web app ----
FROM rust:1-bookworm AS builder
WORKDIR /src

# The wasm tools first, in their own layer: compiling Trunk, wasm-bindgen and wasm-split takes
# minutes and depends only on the install script and the wasm-bindgen version in Cargo.lock, so
# source changes do not redo it.
COPY scripts/install-tools.sh scripts/install-tools.sh
COPY Cargo.lock Cargo.lock
RUN scripts/install-tools.sh wasm && scripts/install-tools.sh wasm-opt

COPY . .
# Cache mounts keep the crate downloads and incremental artifacts between image builds. The
# target directory is a cache, not part of the layer, so the binary is copied out in the same
# step. --locked: the image is built from exactly the dependency versions in Cargo.lock.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    scripts/build-frontend.sh --release \
    && cargo build --release --locked -p budget-api --bin budget-server \
    && mkdir -p /out \
    && cp target/release/budget-server /out/budget-server

# ---- runtime: a small Debian with just what the server needs ----
FROM debian:bookworm-slim
# ca-certificates: TLS to external APIs (e.g. the optional AI optimiser providers).
# curl: the container health check (docker-compose.yml) probes /healthz with it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
# The server needs no privileges: run it as an unprivileged user.
RUN useradd --system --user-group --uid 10001 --home-dir /app --shell /usr/sbin/nologin budget
WORKDIR /app
COPY --from=builder /out/budget-server /usr/local/bin/budget-server
COPY --from=builder /src/dist /app/dist
ENV WEB_DIST_DIR=/app/dist \
    BIND=0.0.0.0:8080
USER budget
EXPOSE 8080
CMD ["budget-server", "serve"]
