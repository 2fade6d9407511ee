#include "error_text.h"

namespace grove::app {

namespace {

QString whatFailed(Action action) {
    switch (action) {
        case Action::OpenProfile: return QStringLiteral("Grove couldn't open your profile");
        case Action::CreateAccount: return QStringLiteral("Your account couldn't be created");
        case Action::Unlock: return QStringLiteral("Your account couldn't be unlocked");
        case Action::Lock: return QStringLiteral("Your account couldn't be locked");
        case Action::ChangePassphrase: return QStringLiteral("Your passphrase wasn't changed");
        case Action::CreateSpace: return QStringLiteral("The space couldn't be created");
        case Action::LoadSpace: return QStringLiteral("This space couldn't be loaded");
        case Action::Post: return QStringLiteral("Your message wasn't sent");
        case Action::Edit: return QStringLiteral("Your edit wasn't saved");
        case Action::Delete: return QStringLiteral("The message wasn't deleted");
        case Action::Demo: return QStringLiteral("The demo couldn't be prepared");
        case Action::AddTool: return QStringLiteral("The tool wasn't added");
        case Action::RenameTool: return QStringLiteral("The tab wasn't renamed");
        case Action::RemoveTool: return QStringLiteral("The tool wasn't removed");
        case Action::Join: return QStringLiteral("Couldn't join the space");
        case Action::Invite: return QStringLiteral("No invitation was created");
        case Action::ChangeRole: return QStringLiteral("The role wasn't changed");
        case Action::RemoveMember: return QStringLiteral("The member wasn't removed");
        case Action::LeaveSpace: return QStringLiteral("You haven't left the space");
        case Action::RenameSpace: return QStringLiteral("The space wasn't renamed");
        case Action::RevokeInvitation: return QStringLiteral("The code wasn't revoked");
        case Action::ListInvitations:
            return QStringLiteral("The space's invitation codes couldn't be read");
        case Action::ListDevices: return QStringLiteral("Your devices couldn't be read");
        case Action::RevokeDevice: return QStringLiteral("The device wasn't revoked");
        case Action::CreatePairing: return QStringLiteral("No pairing code was made");
        case Action::PairDevice: return QStringLiteral("This device wasn't linked");
    }
    return QStringLiteral("That didn't work");
}

QString sentence(QString text) {
    text = text.trimmed();
    if (text.isEmpty()) return text;
    text[0] = text[0].toUpper();
    if (!text.endsWith(QLatin1Char('.'))) text += QLatin1Char('.');
    return text;
}

}  // namespace

QString userMessage(Action action, const Error& error) {
    const QString detail = QString::fromStdString(error.message);
    // Joining (or pairing) fails for reasons only the network and the other side know: say them
    // as they are.
    if ((action == Action::Join || action == Action::PairDevice) &&
        error.code != ErrorCode::Unavailable &&
        error.code != ErrorCode::Internal && error.code != ErrorCode::DataLoss)
        return whatFailed(action) + QStringLiteral(": ") + sentence(detail);
    switch (error.code) {
        case ErrorCode::Unauthenticated:
            if (action == Action::Unlock || action == Action::ChangePassphrase)
                return QStringLiteral("That passphrase isn't right. Check it and try again.");
            return QStringLiteral("Your account is locked. Unlock it and try again.");
        case ErrorCode::FailedPrecondition:
            if (action == Action::CreateAccount)
                return QStringLiteral("This profile already has an account. Unlock it instead.");
            return whatFailed(action) + QStringLiteral(": ") + sentence(detail);
        case ErrorCode::PermissionDenied:
            return whatFailed(action) +
                   QStringLiteral(": your role in this space doesn't allow it.");
        case ErrorCode::NotFound:
            return whatFailed(action) + QStringLiteral(": it no longer exists.");
        case ErrorCode::DataLoss:
            return whatFailed(action) +
                   QStringLiteral(": its data is damaged (") + detail +
                   QStringLiteral("). Nothing was changed; restore the profile from a backup "
                                  "or start a new one.");
        case ErrorCode::ResourceExhausted:
            return whatFailed(action) +
                   QStringLiteral(": the disk may be full. Free some space and try again.");
        case ErrorCode::Unavailable:
            if (action == Action::Join)
                return whatFailed(action) +
                       QStringLiteral(": no device in the code answered. The person who invited "
                                      "you (or a relay) must be online; try again then.");
            if (action == Action::PairDevice)
                return whatFailed(action) +
                       QStringLiteral(": your other device didn't answer. Keep Grove running "
                                      "there, on a network this device can reach, and try again.");
            if (action == Action::ChangeRole || action == Action::RemoveMember ||
                action == Action::LeaveSpace || action == Action::RenameSpace)
                return whatFailed(action) +
                       QStringLiteral(": this device is still waiting for the space's current "
                                      "key from another member. Try again once it has synced.");
            return whatFailed(action) +
                   QStringLiteral(": Grove is busy or offline. Try again in a moment.");
        case ErrorCode::InvalidArgument:
        case ErrorCode::AlreadyExists:
            return whatFailed(action) + QStringLiteral(": ") + sentence(detail);
        case ErrorCode::Internal:
            return whatFailed(action) +
                   QStringLiteral(" because of a problem inside Grove (") + detail +
                   QStringLiteral("). Please report it.");
    }
    return whatFailed(action) + QStringLiteral(": ") + sentence(detail);
}

}  // namespace grove::app
