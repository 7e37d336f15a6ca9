//! Splitting a text into numeric, alphanumeric and byte segments, and finding
//! the smallest version that holds them — as `qrcode` 1.5.4 does it, quirks
//! included, so that its symbols are reproduced bit for bit.
//!
//! ISO/IEC 18004:2015 §7.4 and Annex J describe mode switching in general;
//! `qrcode` (`core/segments.js`) does it with a shortest-path search over a
//! graph of candidate segments whose edge weights are only an estimate of the
//! bits (`buildGraph` tracks run lengths per predecessor in a way that makes
//! some weights differ from the true cost). The estimate decides which
//! segmentation wins, so it is reproduced here exactly, as is the order in
//! which its Dijkstra implementation (`dijkstrajs` 1.0.3: a queue kept
//! stably sorted by cost) breaks ties.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use qrcode::bits::Bits;
use qrcode::optimize::Segment;
use qrcode::types::{Mode, Version};

use super::{ErrorCorrectionLevel, MAX_VERSION, MIN_VERSION};

/// The most characters any QR symbol holds: 7089 digits in version 40-L
/// (ISO/IEC 18004:2015 Table 7). Every character, however encoded, costs at
/// least 10/3 bits, so a text of more UTF-8 bytes than this cannot fit; it is
/// refused before any search, so a huge string costs nothing.
pub(crate) const MAX_ENCODABLE_BYTES: usize = 7089;

/// The class `qrcode`'s regular expressions put a character in: `[0-9]`
/// numeric, `[A-Z $%*+\-./:]` alphanumeric (§7.4.4, Table 5), anything else
/// byte (Kanji mode only exists in `qrcode` with a Shift JIS converter, which
/// this package does not take). Every non-ASCII byte is part of a byte-class
/// character, so classifying UTF-8 bytes classifies the characters.
fn class_of(byte: u8) -> Mode {
    match byte {
        b'0'..=b'9' => Mode::Numeric,
        b'A'..=b'Z' | b' ' | b'$' | b'%' | b'*' | b'+' | b'-' | b'.' | b'/' | b':' => {
            Mode::Alphanumeric
        }
        _ => Mode::Byte,
    }
}

/// The maximal runs of one class, in order: `qrcode`'s `rawSplit` (and the
/// groups of its segment graph). Byte ranges into the text; for numeric and
/// alphanumeric runs bytes are characters.
pub(crate) fn raw_runs(text: &str) -> Vec<Segment> {
    let mut runs: Vec<Segment> = Vec::new();
    for (index, byte) in text.bytes().enumerate() {
        let mode = class_of(byte);
        match runs.last_mut() {
            Some(run) if run.mode == mode => run.end = index + 1,
            _ => runs.push(Segment {
                mode,
                begin: index,
                end: index + 1,
            }),
        }
    }
    runs
}

/// Bits for the segments in `version`: for each, the 4-bit mode indicator,
/// the character count indicator and the data (§7.4.2–7.4.5). This is
/// `qrcode`'s `getTotalBitsFromDataArray`; for a single segment `qrcode`
/// compares its length with a per-mode capacity instead, which comes to the
/// same answer for numeric, alphanumeric and byte data.
fn bits_in(segments: &[Segment], version: u8) -> usize {
    let version = Version::Normal(i16::from(version));
    segments
        .iter()
        .map(|segment| segment.encoded_len(version))
        .sum()
}

/// The data bits a version holds at a level (§7.4.10, Table 7), from the
/// crate's table.
pub(crate) fn capacity_bits(version: u8, level: ErrorCorrectionLevel) -> usize {
    Bits::new(Version::Normal(i16::from(version)))
        .max_len(level.to_crate())
        .unwrap_or(0)
}

/// The smallest version whose capacity holds the segments: `qrcode`'s
/// `getBestVersionForData`. `None` when even version 40 is too small.
pub(crate) fn smallest_version(segments: &[Segment], level: ErrorCorrectionLevel) -> Option<u8> {
    (MIN_VERSION..=MAX_VERSION)
        .find(|&version| bits_in(segments, version) <= capacity_bits(version, level))
}

/// The bits the segments need in version 40, for error messages.
pub(crate) fn bits_in_largest(segments: &[Segment]) -> usize {
    bits_in(segments, MAX_VERSION)
}

/// One candidate segment of `qrcode`'s graph, with its outgoing edges in the
/// order `qrcode` adds them (its `for (v in adjacent_nodes)` visits them so).
struct Node {
    /// `None` for the start and end nodes.
    segment: Option<Segment>,
    /// `qrcode`'s `table[id].lastCount`.
    last_count: usize,
    edges: Vec<(usize, usize)>,
}

/// The segmentation `qrcode`'s `Segments.fromString(text, version)` picks:
/// its candidate graph, its shortest path, adjacent segments of one mode
/// merged (`mergeSegments`).
pub(crate) fn optimal_segments(text: &str, version: u8) -> Vec<Segment> {
    let version = Version::Normal(i16::from(version));
    let header_bits = |mode: Mode| 4 + mode.length_bits_count(version);

    const START: usize = 0;
    let mut graph = vec![Node {
        segment: None,
        last_count: 0,
        edges: Vec::new(),
    }];
    let mut previous = vec![START];
    for run in raw_runs(text) {
        // `buildNodes`: a numeric run may also be written as alphanumeric or
        // byte data, an alphanumeric run as byte data.
        let modes: &[Mode] = match run.mode {
            Mode::Numeric => &[Mode::Numeric, Mode::Alphanumeric, Mode::Byte],
            Mode::Alphanumeric => &[Mode::Alphanumeric, Mode::Byte],
            _ => &[Mode::Byte],
        };
        let length = run.end - run.begin;
        let mut current = Vec::with_capacity(modes.len());
        for &mode in modes {
            let id = graph.len();
            graph.push(Node {
                segment: Some(Segment { mode, ..run }),
                last_count: 0,
                edges: Vec::new(),
            });
            // `buildGraph`: an edge from a node of the same mode costs the
            // extra bits of a longer run, counted from that node's
            // `lastCount`, which each edge out of it updates in turn.
            for &from in &previous {
                let Some(node) = graph.get_mut(from) else {
                    continue;
                };
                let weight = match node.segment {
                    Some(segment) if segment.mode == mode => {
                        let before = node.last_count;
                        node.last_count += length;
                        mode.data_bits_count(before + length)
                            .saturating_sub(mode.data_bits_count(before))
                    }
                    Some(_) => {
                        node.last_count = length;
                        mode.data_bits_count(length) + header_bits(mode)
                    }
                    None => mode.data_bits_count(length) + header_bits(mode),
                };
                node.edges.push((id, weight));
            }
            current.push(id);
        }
        previous = current;
    }
    let end = graph.len();
    graph.push(Node {
        segment: None,
        last_count: 0,
        edges: Vec::new(),
    });
    for &from in &previous {
        if let Some(node) = graph.get_mut(from) {
            node.edges.push((end, 0));
        }
    }

    let predecessors = shortest_path_tree(&graph, START);

    let mut path = Vec::new();
    let mut at = predecessors.get(end).copied().flatten();
    while let Some(id) = at {
        if let Some(segment) = graph.get(id).and_then(|node| node.segment) {
            path.push(segment);
        }
        at = predecessors.get(id).copied().flatten();
    }
    path.reverse();

    let mut merged: Vec<Segment> = Vec::with_capacity(path.len());
    for segment in path {
        match merged.last_mut() {
            Some(last) if last.mode == segment.mode => last.end = segment.end,
            _ => merged.push(segment),
        }
    }
    merged
}

/// `dijkstrajs.single_source_shortest_paths`: its queue is an array re-sorted
/// (stably, by cost) after every push and popped from the front, so among
/// equal costs the earliest pushed comes first — a heap ordered by (cost,
/// push number) pops in the same order. A node's predecessor is the first
/// one reaching it at the lowest cost. Stale queue entries are popped and
/// relaxed as there, though they can never improve a cost.
fn shortest_path_tree(graph: &[Node], start: usize) -> Vec<Option<usize>> {
    let mut costs: Vec<Option<usize>> = vec![None; graph.len()];
    let mut predecessors: Vec<Option<usize>> = vec![None; graph.len()];
    if let Some(cost) = costs.get_mut(start) {
        *cost = Some(0);
    }
    let mut queue = BinaryHeap::new();
    let mut pushes: u64 = 0;
    queue.push(Reverse((0_usize, pushes, start)));
    while let Some(Reverse((cost, _, from))) = queue.pop() {
        let Some(node) = graph.get(from) else {
            continue;
        };
        for &(to, weight) in &node.edges {
            let through = cost + weight;
            let Some(known) = costs.get_mut(to) else {
                continue;
            };
            if known.map_or(true, |known| known > through) {
                *known = Some(through);
                if let Some(predecessor) = predecessors.get_mut(to) {
                    *predecessor = Some(from);
                }
                pushes += 1;
                queue.push(Reverse((through, pushes, to)));
            }
        }
    }
    predecessors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::fixtures;

    fn modes(segments: &[Segment]) -> Vec<(char, usize)> {
        segments
            .iter()
            .map(|segment| {
                let letter = match segment.mode {
                    Mode::Numeric => 'N',
                    Mode::Alphanumeric => 'A',
                    Mode::Byte => 'B',
                    Mode::Kanji => 'K',
                };
                (letter, segment.end - segment.begin)
            })
            .collect()
    }

    #[test]
    fn runs_follow_qrcodes_three_character_classes() {
        let runs = raw_runs("ABC123def 45é");
        assert_eq!(
            modes(&runs),
            vec![('A', 3), ('N', 3), ('B', 3), ('A', 1), ('N', 2), ('B', 2)]
        );
    }

    #[test]
    fn a_short_digit_run_inside_alphanumerics_joins_them() {
        // Checked against qrcode 1.5.4: create('HELLO 123 world').segments.
        let segments = optimal_segments("HELLO 123 world", 1);
        assert_eq!(modes(&segments), vec![('A', 10), ('B', 5)]);
    }

    #[test]
    fn segments_and_versions_are_those_qrcode_chose_for_every_fixture() {
        let fixture = fixtures::load();
        let mut compared = 0;
        for record in fixture["symbols"].as_array().unwrap() {
            let Some(expected_segments) = record["segments"].as_array() else {
                continue;
            };
            let text = record["text"].as_str().unwrap();
            let level = fixtures::level(record);
            let requested = record["version"].as_u64().map(|v| v as u8);
            let estimate = requested
                .or_else(|| smallest_version(&raw_runs(text), level))
                .unwrap_or(MAX_VERSION);
            let segments = optimal_segments(text, estimate);
            let expected: Vec<(char, usize)> = expected_segments
                .iter()
                .map(|pair| {
                    let letter = pair[0].as_str().unwrap().chars().next().unwrap();
                    (letter, pair[1].as_u64().unwrap() as usize)
                })
                .collect();
            assert_eq!(modes(&segments), expected, "{text:?} at {level:?}");
            if requested.is_none() {
                assert_eq!(
                    smallest_version(&segments, level).map(u64::from),
                    record["chosenVersion"].as_u64(),
                    "{text:?} at {level:?}"
                );
            }
            compared += 1;
        }
        assert!(compared > 1000, "only {compared} records compared");
    }

    #[test]
    fn version_40_holds_7089_digits_at_level_l_and_no_more() {
        let digits = "1".repeat(7089);
        let segments = optimal_segments(&digits, 40);
        assert_eq!(
            smallest_version(&segments, ErrorCorrectionLevel::L),
            Some(40)
        );
        let more = "1".repeat(7090);
        let segments = optimal_segments(&more, 40);
        assert_eq!(smallest_version(&segments, ErrorCorrectionLevel::L), None);
    }
}
