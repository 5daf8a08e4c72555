//! The floor to compare `gates check` against: a bare quick-xml event loop over a file, read the
//! way gates reads reports (a 64 KiB `BufReader`), counting `<line>` elements.
//! `quickxml-loop FILE` prints the count.

use std::fs::File;
use std::io::BufReader;

use quick_xml::Reader;
use quick_xml::events::Event;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: quickxml-loop FILE")?;
    let mut reader = Reader::from_reader(BufReader::with_capacity(64 * 1024, File::open(path)?));
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
