//! The khcidr page in English.

fn main() {
    khcidr_web::run();
}
