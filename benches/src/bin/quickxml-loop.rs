//! The floor to compare `gates check` against: a bare quick-xml event loop over a file, read the
//! way gates reads reports (a 64 KiB `BufReader`), counting `<line>` elements (or those named by
//! `--element NAME`, as `testcase` for JUnit).
//! `quickxml-loop [--skip-white-space] [--element NAME] FILE` prints the count. `--skip-white-space` sets
//! quick-xml's `trim_text_start`, as gates' Cobertura parser does outside `<source>`, so the white
//! space between elements makes no events. `--read-attributes` also reads every attribute of the
//! counted elements through quick-xml's own checked iterator (`attributes()`, which refuses a
//! name given twice) and unescapes its value: the floor for a reader that looks at attributes.

use std::fs::File;
use std::io::BufReader;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

const USAGE: &str = "usage: quickxml-loop [--skip-white-space] [--read-attributes] [--element NAME] FILE";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let skip_white_space = args.first().is_some_and(|arg| arg == "--skip-white-space");
    if skip_white_space {
        args.remove(0);
    }
    let read_attributes = args.first().is_some_and(|arg| arg == "--read-attributes");
    if read_attributes {
        args.remove(0);
    }
    let mut element_name = "line".to_owned();
    if args.first().is_some_and(|arg| arg == "--element") && args.len() > 1 {
        element_name = args.remove(1);
        args.remove(0);
    }
    let [path] = args.as_slice() else { return Err(USAGE.into()) };
    let mut reader = Reader::from_reader(BufReader::with_capacity(64 * 1024, File::open(path)?));
    reader.config_mut().trim_text_start = skip_white_space;
    let mut buf = Vec::new();
    let mut lines = 0u64;
    let mut value_bytes = 0usize;
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Empty(element) | Event::Start(element)
                if element.name().as_ref() == element_name.as_str() =>
            {
                lines += 1;
                if read_attributes {
                    for attribute in element.attributes() {
                        value_bytes += attribute?.normalized_value(XmlVersion::Implicit1_0)?.len();
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if read_attributes {
        eprintln!("{value_bytes} bytes of attribute values");
    }
    println!("{lines}");
    Ok(())
}
