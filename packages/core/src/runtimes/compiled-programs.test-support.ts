// One C++ and one Rust test program each, switching on an input `mode`, so every test shares one compile.

export const CPP_PROGRAM = `#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>
#include <unistd.h>

int main() {
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  auto mode = [&](const char* m) { return input.find(std::string("\\"mode\\":\\"") + m + "\\"") != std::string::npos; };
  if (mode("marker")) { std::cout << "log line\\n::twingraph-outputs::{\\"answer\\":42}\\n"; return 0; }
  if (mode("file")) { std::ofstream("outputs.json") << "{\\"answer\\":42}"; std::cout << "log line\\n"; return 0; }
  if (mode("stream")) {
    std::cout << "started\\n";  // no flush: stdout is line-buffered by TwinGraph
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::cout << "{\\"done\\":true}\\n";
    return 0;
  }
  if (mode("fail")) { std::cerr << "about to fail\\n"; return 3; }
  if (mode("silent")) { std::cout << "hello\\n"; return 0; }
  if (mode("invalid")) { std::cout << "::twingraph-outputs::{not json\\n"; return 0; }
  if (mode("sleep")) { std::cout << "pid=" << getpid() << "\\n"; std::this_thread::sleep_for(std::chrono::seconds(30)); return 0; }
  std::cerr << "echoing " << input.size() << " bytes\\n";
  std::cout << "{\\"not\\":\\"the last JSON line\\"}\\n" << input << "\\nbye\\n";
  return 0;
}
`;

export const RUST_PROGRAM = `use std::io::{Read, Write};

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let mode = |m: &str| input.contains(&format!("\\"mode\\":\\"{}\\"", m));
    if mode("marker") { println!("log line\\n::twingraph-outputs::{{\\"answer\\":42}}"); return; }
    if mode("file") { std::fs::write("outputs.json", "{\\"answer\\":42}").unwrap(); println!("log line"); return; }
    if mode("stream") {
        println!("started");
        std::thread::sleep(std::time::Duration::from_millis(300));
        println!("{{\\"done\\":true}}");
        return;
    }
    if mode("fail") { eprintln!("about to fail"); std::process::exit(3); }
    if mode("silent") { println!("hello"); return; }
    if mode("invalid") { println!("::twingraph-outputs::{{not json"); return; }
    if mode("sleep") {
        println!("pid={}", std::process::id());
        std::thread::sleep(std::time::Duration::from_secs(30));
        return;
    }
    eprintln!("echoing {} bytes", input.len());
    let mut out = std::io::stdout().lock();
    writeln!(out, "{{\\"not\\":\\"the last JSON line\\"}}").unwrap();
    writeln!(out, "{}", input).unwrap();
    writeln!(out, "bye").unwrap();
}
`;
