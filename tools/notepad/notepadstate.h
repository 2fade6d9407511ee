// NotepadState: the replicated state of one Notepad instance — its documents (title, text as the
// SDK Text CRDT, last editor), applying operations in any causal order to the same result.
#pragma once

#include <grove/sdk/crdt/stamp.h>
#include <grove/sdk/crdt/text.h>
#include <grove/sdk/operation.h>
#include <grove/sdk/result.h>
#include <grove/sdk/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grove/tools/notepad/v1/ops.pb.h"

namespace grove::tools::notepad {

namespace crdt = sdk::crdt;
using DocumentId = sdk::OpId;

struct Document {
    explicit Document(crdt::ReplicaId local) : text(local) {}

    DocumentId id{};
    std::string title;
    crdt::Stamp title_stamp;
    std::uint64_t created_lamport = 0;
    sdk::IdentityId created_by{};
    crdt::Text text;
    bool deleted = false;
    sdk::IdentityId last_editor{};
    std::int64_t last_change_ms = 0;
    crdt::Stamp last_stamp;  // of the latest change: decides last_editor the same on every peer
};

// One visible change to a document's text, in code points of the text as it was just before it.
struct TextChange {
    crdt::SequenceChange change;
    std::u32string inserted;  // the characters a kInserted change added
};

// What one applied operation changed, for the view and for watchers.
struct DocumentChange {
    enum class Kind { None, Created, Renamed, Removed, Edited };
    Kind kind = Kind::None;
    DocumentId document{};
    std::vector<TextChange> text_changes;  // Edited: visible changes, in the order made
    // Set when a batch failed part-way (a forged or broken op after valid ones): the changes
    // made before it stand (the same on every peer) and the operation is reported as rejected.
    std::optional<Error> error;
};

// A run of a document's visible text written by one member (code points).
struct AuthorRun {
    std::size_t length = 0;
    sdk::IdentityId author{};  // zero when the writer is not known here
};

// How far this device had seen each replica's characters: the next counter per replica. Characters
// visible now with a counter at or past it were written after (ids only grow, and never come back).
using TextVersion = std::map<crdt::ReplicaId, std::uint64_t>;

// A range of visible text, in code points.
struct TextRange {
    std::size_t position = 0;
    std::size_t length = 0;
};

class NotepadState {
public:
    // `local` is this device's key: local edits are made as its replica.
    explicit NotepadState(const sdk::DeviceId& local);

    Result<DocumentChange> apply(const sdk::Operation& operation);

    // Local edits (code-point positions): change the document's text at once and return the
    // Text op to submit. Errors: NotFound (no such live document), InvalidArgument (range).
    Result<crdt::Text::Op> insert(const DocumentId& document, std::size_t position,
                                  std::u32string_view text);
    Result<crdt::Text::Op> remove(const DocumentId& document, std::size_t position,
                                  std::size_t count);

    // A live (not deleted) document, or nullptr.
    const Document* find(const DocumentId& document) const;
    // Live documents in creation order (Lamport time, then id): the same on every peer.
    std::vector<const Document*> documents() const;

    // Who wrote each part of a document's text, in order (adjacent runs of one author joined).
    std::vector<AuthorRun> authors(const DocumentId& document) const;
    // The document's text version now.
    TextVersion version(const DocumentId& document) const;
    // The parts of the text written after `seen` and (when given) before `until`.
    std::vector<TextRange> written_between(const DocumentId& document, const TextVersion& seen,
                                           const TextVersion* until = nullptr) const;
    // The member whose device writes as `replica` (learnt from the operations applied).
    std::optional<sdk::IdentityId> author_of(crdt::ReplicaId replica) const;

    // Snapshot with the local edits not yet submitted (see NotepadSnapshot.pending).
    Result<sdk::Bytes> snapshot(const std::vector<v1::EditDocument>& pending) const;
    // Replaces the state; fills `pending` with the local edits to submit. A malformed snapshot is
    // refused and leaves the state as it was.
    Result<void> restore(sdk::ByteView bytes, std::vector<v1::EditDocument>& pending);
    sdk::Digest digest() const;

    crdt::ReplicaId replica() const { return local_; }

private:
    Document* find_live(const DocumentId& document);
    static void touch(Document& document, const sdk::Operation& operation, crdt::Stamp stamp);

    crdt::ReplicaId local_;
    std::map<DocumentId, std::unique_ptr<Document>> documents_;
    std::map<crdt::ReplicaId, sdk::IdentityId> authors_;  // every replica seen writing
};

}  // namespace grove::tools::notepad
