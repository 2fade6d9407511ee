#include "calls/wav_file.h"

#include <algorithm>
#include <cstring>

namespace grove::platform::calls {

namespace {
std::uint32_t u32(const char* p) {
    return static_cast<std::uint8_t>(p[0]) | static_cast<std::uint8_t>(p[1]) << 8 |
           static_cast<std::uint8_t>(p[2]) << 16 |
           static_cast<std::uint32_t>(static_cast<std::uint8_t>(p[3])) << 24;
}
std::uint16_t u16(const char* p) {
    return static_cast<std::uint16_t>(static_cast<std::uint8_t>(p[0]) |
                                      static_cast<std::uint8_t>(p[1]) << 8);
}
void put32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void put16(std::string& out, std::uint16_t v) {
    out.push_back(static_cast<char>(v));
    out.push_back(static_cast<char>(v >> 8));
}
}  // namespace

Result<Pcm> read_wav(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return make_error(ErrorCode::NotFound, "cannot open " + file.string());
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (data.size() < 12 || data.compare(0, 4, "RIFF") != 0 || data.compare(8, 4, "WAVE") != 0)
        return make_error(ErrorCode::InvalidArgument, file.string() + " is not a WAV file");
    bool format_ok = false;
    for (std::size_t pos = 12; pos + 8 <= data.size();) {
        const std::string id = data.substr(pos, 4);
        const std::uint32_t size = u32(&data[pos + 4]);
        const std::size_t body = pos + 8;
        if (size > data.size() - body)
            return make_error(ErrorCode::InvalidArgument, file.string() + ": a truncated chunk");
        if (id == "fmt ") {
            if (size < 16) return make_error(ErrorCode::InvalidArgument, "a short fmt chunk");
            const auto format = u16(&data[body]), channels = u16(&data[body + 2]);
            const auto rate = u32(&data[body + 4]);
            const auto bits = u16(&data[body + 14]);
            if (format != 1 || channels != 1 || rate != kSampleRate || bits != 16)
                return make_error(ErrorCode::InvalidArgument,
                                  file.string() + " must be 16-bit PCM mono at 48 kHz (got " +
                                      std::to_string(channels) + " channels, " +
                                      std::to_string(rate) + " Hz, " + std::to_string(bits) +
                                      " bits); convert with: sox IN -r 48000 -c 1 -b 16 OUT.wav");
            format_ok = true;
        } else if (id == "data") {
            if (!format_ok)
                return make_error(ErrorCode::InvalidArgument, file.string() + ": data before fmt");
            Pcm out(size / 2);
            std::memcpy(out.data(), &data[body], out.size() * 2);  // little-endian host
            return out;
        }
        pos = body + size + (size & 1);
    }
    return make_error(ErrorCode::InvalidArgument, file.string() + " has no audio data");
}

Result<void> write_wav(const std::filesystem::path& file, const Pcm& samples) {
    std::string out = "RIFF";
    const std::uint32_t bytes = static_cast<std::uint32_t>(samples.size() * 2);
    put32(out, 36 + bytes);
    out += "WAVEfmt ";
    put32(out, 16);
    put16(out, 1);
    put16(out, 1);
    put32(out, kSampleRate);
    put32(out, kSampleRate * 2);
    put16(out, 2);
    put16(out, 16);
    out += "data";
    put32(out, bytes);
    out.append(reinterpret_cast<const char*>(samples.data()), bytes);
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    if (!f.write(out.data(), static_cast<std::streamsize>(out.size())))
        return make_error(ErrorCode::Internal, "cannot write " + file.string());
    return {};
}

Result<std::unique_ptr<WavInput>> WavInput::open(const std::filesystem::path& file) {
    auto samples = read_wav(file);
    if (!samples.ok()) return samples.error();
    return std::make_unique<WavInput>(std::move(*samples));
}

std::optional<Pcm> WavInput::read_frame() {
    Pcm frame(kFrameSamples, 0);
    if (position_ < samples_.size()) {
        const std::size_t n = std::min(kFrameSamples, samples_.size() - position_);
        std::copy_n(samples_.begin() + position_, n, frame.begin());
    }
    position_ += kFrameSamples;
    return frame;
}

}  // namespace grove::platform::calls
