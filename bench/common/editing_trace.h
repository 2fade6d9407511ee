// Loading an editing trace (josephg/editing-traces format, gzip JSON) into a compact patch list,
// streamed through a SAX parser so no JSON document is built.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <istream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

#include "grove/sdk/crdt/utf8.h"

namespace grove::bench::trace {

namespace crdt = grove::sdk::crdt;

struct Patch {
  std::uint32_t pos = 0;          // code-point offset
  std::uint32_t delete_count = 0;
  std::uint32_t text_offset = 0;  // into Trace::inserted
  std::uint32_t text_length = 0;
};

struct Trace {
  std::u32string start_content;
  std::u32string end_content;
  std::vector<Patch> patches;
  std::u32string inserted;  // every inserted text, back to back
  std::size_t transactions = 0;
};

class GzipStreamBuf : public std::streambuf {
 public:
  explicit GzipStreamBuf(const std::string& path) : file_(gzopen(path.c_str(), "rb")) {
    if (file_ == nullptr) throw std::runtime_error("cannot open " + path);
    gzbuffer(file_, 1 << 17);
  }
  ~GzipStreamBuf() override { gzclose(file_); }
  GzipStreamBuf(const GzipStreamBuf&) = delete;
  GzipStreamBuf& operator=(const GzipStreamBuf&) = delete;

 protected:
  int_type underflow() override {
    const int n = gzread(file_, buffer_, sizeof buffer_);
    if (n < 0) throw std::runtime_error("gzip read error");
    if (n == 0) return traits_type::eof();
    setg(buffer_, buffer_, buffer_ + n);
    return traits_type::to_int_type(buffer_[0]);
  }

 private:
  gzFile file_;
  char buffer_[1 << 16];
};

inline std::u32string decode_utf8_or_throw(const std::string& text) {
  auto decoded = crdt::utf8_to_utf32(text);
  if (!decoded) throw std::runtime_error("trace text is not UTF-8: " + decoded.error().describe());
  return std::move(decoded).value();
}

// Depths: 1 root object, 2 "txns" array, 3 a transaction, 4 its "patches", 5 one [pos, del, text].
class TraceReader : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit TraceReader(Trace& trace) : trace_(trace) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t value) override {
    return value >= 0 ? number_unsigned(static_cast<number_unsigned_t>(value)) : fail("negative number");
  }
  bool number_unsigned(number_unsigned_t value) override {
    if (!in_patch()) return true;
    if (value > UINT32_MAX) return fail("number too large");
    if (field_ == 0) patch_.pos = static_cast<std::uint32_t>(value);
    else if (field_ == 1) patch_.delete_count = static_cast<std::uint32_t>(value);
    else return fail("unexpected number in patch");
    ++field_;
    return true;
  }
  bool number_float(number_float_t, const string_t&) override { return !in_patch() || fail("float in patch"); }
  bool string(string_t& value) override {
    if (depth_ == 1 && root_key_ == "startContent") trace_.start_content = decode_utf8_or_throw(value);
    else if (depth_ == 1 && root_key_ == "endContent") trace_.end_content = decode_utf8_or_throw(value);
    else if (in_patch()) {
      if (field_ != 2) return fail("unexpected string in patch");
      const std::u32string text = decode_utf8_or_throw(value);
      patch_.text_offset = static_cast<std::uint32_t>(trace_.inserted.size());
      patch_.text_length = static_cast<std::uint32_t>(text.size());
      trace_.inserted += text;
      ++field_;
    }
    return true;
  }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    ++depth_;
    if (depth_ == 3 && root_key_ == "txns") ++trace_.transactions;
    return true;
  }
  bool key(string_t& value) override {
    if (depth_ == 1) root_key_ = value;
    else if (depth_ == 3) txn_key_ = value;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    ++depth_;
    if (in_patch()) {
      patch_ = Patch{};
      field_ = 0;
    }
    return true;
  }
  bool end_array() override {
    if (in_patch()) {
      if (field_ < 2) return fail("patch with fewer than 2 fields");
      trace_.patches.push_back(patch_);
    }
    --depth_;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
    return fail("JSON error at byte " + std::to_string(position) + ": " + error.what());
  }

  const std::string& error() const { return error_; }

 private:
  bool in_patch() const { return depth_ == 5 && root_key_ == "txns" && txn_key_ == "patches"; }
  bool fail(const std::string& message) {
    if (error_.empty()) error_ = message;
    return false;
  }

  Trace& trace_;
  int depth_ = 0;
  std::string root_key_;
  std::string txn_key_;
  Patch patch_;
  int field_ = 0;
  std::string error_;
};

inline Trace load_trace(const std::string& path) {
  Trace trace;
  GzipStreamBuf buffer(path);
  std::istream stream(&buffer);
  TraceReader reader(trace);
  if (!nlohmann::json::sax_parse(stream, &reader)) throw std::runtime_error(path + ": " + reader.error());
  return trace;
}

}  // namespace grove::bench::trace
