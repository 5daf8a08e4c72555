//! The floor to compare `gates check` against: a bare quick-xml event loop over a file, read the
//! way gates reads reports (a 64 KiB `BufReader`), counting `<line>` elements (or those named by
//! `--element NAME`, as `testcase` for JUnit).
//! `quickxml-loop [--skip-white-space] [--element NAME] FILE` prints the count. `--skip-white-space` sets
//! quick-xml's `trim_text_start`, as gates' Cobertura parser does outside `<source>`, so the white
//! space between elements makes no events.

use std::fs::File;
use std::io::BufReader;

use quick_xml::Reader;
use quick_xml::events::Event;

const USAGE: &str = "usage: quickxml-loop [--skip-white-space] [--element NAME] FILE";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let skip_white_space = args.first().is_some_and(|arg| arg == "--skip-white-space");
    if skip_white_space {
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
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Empty(element) | Event::Start(element)
                if element.name().as_ref() == element_name.as_str() =>
            {
                lines += 1
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    println!("{lines}");
    Ok(())
}
