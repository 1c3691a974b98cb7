//! Wire enums: each value's name on the wire is written once, in the enum's declaration, and
//! everything else (serde, the OpenAPI schema, database columns, the web app's labels, parsing
//! query parameters) reads it from there through [`as_str`](TaskStatus::as_str), [`FromStr`] and
//! `ALL`.
//!
//! [`TaskStatus`]: crate::task::TaskStatus

use std::fmt;

/// A name that is not one of a wire enum's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// The enum's name, e.g. `TaskStatus`.
    pub kind: &'static str,
    pub name: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a {}", self.name, self.kind)
    }
}

impl std::error::Error for UnknownName {}

/// Declares a wire enum: `Variant = "wire_name"` per value (a string literal; it is taken as a
/// token tree so that the OpenAPI derive, which reads serde's attributes, sees the literal). Derives the serde and OpenAPI
/// shapes from those names and adds `ALL`, `as_str`, `Display` and `FromStr`. Extra derives
/// (`Default`, `Hash`, ordering) go in a `#[derive(...)]` before `pub enum`.
#[macro_export]
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            // `tt`, not `literal`: a `literal` fragment reaches derive macros wrapped in an
            // invisible group, and utoipa then does not see the `serde(rename)`.
            $( $(#[$vmeta:meta])* $variant:ident = $wire:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The value's name on the wire (and in the database).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire),+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::wire::UnknownName;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                match name {
                    $($wire => Ok(Self::$variant),)+
                    _ => Err($crate::wire::UnknownName {
                        kind: stringify!($name),
                        name: name.to_owned(),
                    }),
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::task::TaskStatus;

    #[test]
    fn every_value_round_trips_through_its_wire_name_and_serde_agrees() {
        for status in TaskStatus::ALL {
            assert_eq!(status.as_str().parse::<TaskStatus>(), Ok(*status));
            assert_eq!(
                serde_json::to_string(status).unwrap(),
                format!("\"{}\"", status.as_str())
            );
        }
        assert_eq!(TaskStatus::InProgress.as_str(), "in_progress");
        assert_eq!(TaskStatus::Done.to_string(), "done");
    }

    #[test]
    fn an_unknown_name_says_what_it_is_not() {
        let err = "finished".parse::<TaskStatus>().unwrap_err();
        assert_eq!(err.to_string(), "`finished` is not a TaskStatus");
    }
}
