//! The khcidr page in Simplified Chinese (简体中文).

fn main() {
    khcidr_web::run();
}
