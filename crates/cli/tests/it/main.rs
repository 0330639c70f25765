//! The integration tests of the `jiancha` command, in one test binary (each binary links wasmtime, so one
//! binary links it once): the command line, the example, formats, hostile input, plugins, the report and the
//! plugin scaffold.

mod cli;
mod example;
mod exports;
mod formats;
mod hostile;
mod plugins;
mod ports;
mod report;
mod scaffold;
mod serve;
