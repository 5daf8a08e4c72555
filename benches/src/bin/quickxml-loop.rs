//! The floor to compare `gates check` against: a bare quick-xml event loop over a file, read the
//! way gates reads reports (a 64 KiB `BufReader`), counting `<line>` elements.
//! `quickxml-loop [--skip-white-space] FILE` prints the count. `--skip-white-space` sets
//! quick-xml's `trim_text_start`, as gates' Cobertura parser does outside `<source>`, so the white
//! space between elements makes no events.

use std::fs::File;
use std::io::BufReader;

use quick_xml::Reader;
use quick_xml::events::Event;

const USAGE: &str = "usage: quickxml-loop [--skip-white-space] FILE";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let skip_white_space = args.first().is_some_and(|arg| arg == "--skip-white-space");
    if skip_white_space {
        args.remove(0);
    }
    let [path] = args.as_slice() else { return Err(USAGE.into()) };
    let mut reader = Reader::from_reader(BufReader::with_capacity(64 * 1024, File::open(path)?));
    reader.config_mut().trim_text_start = skip_white_space;
    let mut buf = Vec::new();
    let mut lines = 0u64;
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Empty(element) if element.name().as_ref() == "line" => lines += 1,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    println!("{lines}");
    Ok(())
}
