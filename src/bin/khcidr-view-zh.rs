//! A read-only khcidr embed in Simplified Chinese (简体中文).

fn main() {
    khcidr_web::run_view();
}
