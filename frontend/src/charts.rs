//! SVG charts drawn by our own components.
