// The exception hierarchy of pedtx. Every error carries where it happened
// (file and line, or file and genomic record) so the CLI can print one
// self-explaining line; only the CLI maps errors to exit codes.
#pragma once

#include <stdexcept>
#include <string>

namespace pedtx {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bad command-line use: exit code 1.
class UsageError : public Error {
public:
    using Error::Error;
};

// An input file (VCF, sample sheet, fusion table) that cannot be processed.
class InputError : public Error {
public:
    using Error::Error;
};

// The knowledge base is malformed or inconsistent.
class KnowledgebaseError : public Error {
public:
    using Error::Error;
};

// Reading or writing a file failed at the operating-system level.
class IoError : public Error {
public:
    using Error::Error;
};

// The run was stopped (SIGINT / SIGTERM) before this piece of work finished.
class Interrupted : public Error {
public:
    using Error::Error;
};

// "No space left on device (ENOSPC)": the text and the name of an errno value.
std::string errno_message(int error_number);

// "FILE:LINE: message", the context format for text inputs.
std::string at_line(const std::string& file, long line, const std::string& message);

// "FILE: chrom:pos REF>ALT: message", the context format for VCF records.
std::string at_record(const std::string& file, const std::string& chrom, long pos,
                      const std::string& ref, const std::string& alt, const std::string& message);

}  // namespace pedtx
