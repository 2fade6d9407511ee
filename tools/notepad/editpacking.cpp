#include "editpacking.h"

#include <grove/sdk/crdt/byte_reader.h>
#include <grove/sdk/crdt/byte_writer.h>

#include <QByteArray>

namespace grove::tools::notepad {

namespace {

constexpr std::size_t kPackFrom = 512;  // below this, compression gains nothing worth its cost

Error damaged(const char* what) {
    return make_error(ErrorCode::InvalidArgument, std::string("packed text ops: ") + what);
}

}  // namespace

void pack_ops(const std::vector<std::string>& ops, v1::EditDocument& edit) {
    edit.clear_text_ops();
    edit.clear_packed_ops();
    std::size_t total = 0;
    for (const std::string& op : ops) total += op.size();
    if (total >= kPackFrom) {
        sdk::crdt::ByteWriter out;
        for (const std::string& op : ops) {
            out.varint(op.size());
            out.bytes(op.data(), op.size());
        }
        const QByteArray packed =
            qCompress(QByteArray::fromRawData(reinterpret_cast<const char*>(out.data().data()),
                                              static_cast<qsizetype>(out.size())),
                      6);
        if (static_cast<std::size_t>(packed.size()) < total) {
            edit.set_packed_ops(packed.constData(), static_cast<std::size_t>(packed.size()));
            return;
        }
    }
    for (const std::string& op : ops) edit.add_text_ops(op);
}

Result<std::vector<std::string>> unpack_ops(const v1::EditDocument& edit) {
    std::vector<std::string> ops(edit.text_ops().begin(), edit.text_ops().end());
    if (edit.packed_ops().empty()) return ops;
    const std::string& packed = edit.packed_ops();
    // qCompress's header: the unpacked size, 4 bytes big-endian. Checked before anything is
    // allocated, so a small operation cannot make every peer allocate gigabytes.
    if (packed.size() < 5) return damaged("too short");
    const auto* header = reinterpret_cast<const unsigned char*>(packed.data());
    const std::size_t size = (std::size_t{header[0]} << 24) | (std::size_t{header[1]} << 16) |
                             (std::size_t{header[2]} << 8) | std::size_t{header[3]};
    if (size == 0 || size > kMaxUnpackedOpBytes) return damaged("unpacked size out of range");
    const QByteArray raw = qUncompress(reinterpret_cast<const uchar*>(packed.data()),
                                       static_cast<qsizetype>(packed.size()));
    if (static_cast<std::size_t>(raw.size()) != size) return damaged("not zlib data");
    sdk::crdt::ByteReader in(
        std::span(reinterpret_cast<const std::uint8_t*>(raw.constData()), size));
    while (!in.at_end()) {
        std::uint64_t length = 0;
        if (!in.varint(length) || length == 0 || length > in.remaining())
            return damaged("bad op length");
        std::span<const std::uint8_t> op;
        if (!in.bytes(static_cast<std::size_t>(length), op)) return damaged("truncated");
        ops.emplace_back(reinterpret_cast<const char*>(op.data()), op.size());
    }
    return ops;
}

}  // namespace grove::tools::notepad
