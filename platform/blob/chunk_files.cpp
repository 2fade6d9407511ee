#include "blob/chunk_files.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "blob/sealed_chunk.h"

namespace grove::platform::blob {
namespace fs = std::filesystem;
namespace {

Error io_error(int err, const std::string& what) {
    if (err == ENOSPC || err == EDQUOT)
        return make_error(ErrorCode::ResourceExhausted,
                          "disk full while " + what + " (" + std::strerror(err) + ")");
    return make_error(ErrorCode::Unavailable, what + ": " + std::strerror(err));
}

Result<void> fsync_directory(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return io_error(errno, "opening " + dir.string());
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) return io_error(err, "syncing " + dir.string());
    return {};
}

}  // namespace

ChunkFiles::ChunkFiles(fs::path root, WriteFunction write)
    : root_(std::move(root)), write_(std::move(write)) {
    if (!write_)
        write_ = [](int fd, const std::uint8_t* data, std::size_t size) {
            return ::write(fd, data, size);
        };
}

Result<std::unique_ptr<ChunkFiles>> ChunkFiles::open(const fs::path& root, WriteFunction write) {
    std::error_code ec;
    for (const fs::path& dir : {root, root / "chunks", root / "tmp"}) {
        fs::create_directories(dir, ec);
        if (ec)
            return make_error(ErrorCode::Unavailable,
                              "creating " + dir.string() + ": " + ec.message());
        fs::permissions(dir, fs::perms::owner_all, ec);
    }
    // A writer killed between creating its temp file and the rename leaves a temp file: never a
    // chunk, so it is simply removed.
    for (const auto& entry : fs::directory_iterator(root / "tmp", ec)) fs::remove(entry.path(), ec);
    return std::unique_ptr<ChunkFiles>(new ChunkFiles(root, std::move(write)));
}

fs::path ChunkFiles::path_of(const sdk::BlobId& id) const {
    std::string name = to_hex(ByteView(id));
    return root_ / "chunks" / name.substr(0, 2) / name.substr(2);
}

bool ChunkFiles::exists(const sdk::BlobId& id) const {
    struct stat st {};
    return ::stat(path_of(id).c_str(), &st) == 0;
}

Result<void> ChunkFiles::write(const sdk::BlobId& id, ByteView sealed, bool sync_directory) {
    fs::path target = path_of(id);
    if (exists(id)) return {};
    fs::path dir = target.parent_path();
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        return io_error(errno, "creating " + dir.string());

    std::array<std::uint8_t, 12> random{};
    randombytes_buf(random.data(), random.size());
    fs::path temp = root_ / "tmp" / (to_hex(ByteView(random)) + ".tmp");
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return io_error(errno, "creating a chunk file");
    auto fail = [&](int err, const std::string& what) -> Result<void> {
        ::close(fd);
        ::unlink(temp.c_str());
        return io_error(err, what);
    };
    std::size_t done = 0;
    while (done < sealed.size()) {
        ssize_t n = write_(fd, sealed.data() + done, sealed.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(errno, "storing a chunk");
        }
        if (n == 0) return fail(ENOSPC, "storing a chunk");
        done += static_cast<std::size_t>(n);
    }
    if (::fdatasync(fd) != 0) return fail(errno, "syncing a chunk");
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        return io_error(err, "closing a chunk file");
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        return io_error(err, "placing a chunk file");
    }
    if (sync_directory) return fsync_directory(dir);
    std::lock_guard lock(dirty_mutex_);
    dirty_directories_.insert(dir);
    return {};
}

Result<void> ChunkFiles::sync_directories() {
    std::set<fs::path> dirs;
    {
        std::lock_guard lock(dirty_mutex_);
        dirs.swap(dirty_directories_);
    }
    for (const fs::path& dir : dirs) GROVE_TRY(fsync_directory(dir));
    return {};
}

Result<void> ChunkFiles::read(const sdk::BlobId& id, Bytes& sealed) const {
    fs::path path = path_of(id);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return make_error(ErrorCode::NotFound, "chunk not held here");
        return io_error(errno, "opening a chunk");
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int err = errno;
        ::close(fd);
        return io_error(err, "reading a chunk");
    }
    if (static_cast<std::uint64_t>(st.st_size) > kMaxSealedSize) {
        ::close(fd);
        return make_error(ErrorCode::DataLoss, "chunk file " + path.string() + " is too large");
    }
    sealed.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < sealed.size()) {
        ssize_t n = ::read(fd, sealed.data() + done, sealed.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;
            ::close(fd);
            return io_error(err, "reading a chunk");
        }
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return {};
}

Result<void> ChunkFiles::remove(const sdk::BlobId& id) {
    if (::unlink(path_of(id).c_str()) != 0 && errno != ENOENT)
        return io_error(errno, "removing a chunk");
    return {};
}

std::vector<std::pair<sdk::BlobId, std::uint64_t>> ChunkFiles::list() const {
    std::vector<std::pair<sdk::BlobId, std::uint64_t>> out;
    std::error_code ec;
    for (const auto& prefix : fs::directory_iterator(root_ / "chunks", ec)) {
        if (!prefix.is_directory(ec)) continue;
        std::string head = prefix.path().filename().string();
        for (const auto& entry : fs::directory_iterator(prefix.path(), ec)) {
            auto bytes = from_hex(head + entry.path().filename().string());
            if (!bytes || bytes->size() != 32) continue;
            sdk::BlobId id{};
            std::copy(bytes->begin(), bytes->end(), id.begin());
            out.emplace_back(id, entry.file_size(ec));
        }
    }
    return out;
}

}  // namespace grove::platform::blob
