//! A read-only khcidr embed in English.

fn main() {
    khcidr_web::run_view();
}
