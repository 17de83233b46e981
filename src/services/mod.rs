//! Browser services: the URL fragment, local storage and the clipboard.

pub mod browser;
pub mod worker;
