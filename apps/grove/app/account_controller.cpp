#include "account_controller.h"

#include "error_text.h"
#include "serial_worker.h"

namespace grove::app {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

AccountController::AccountController(QObject* parent) : QObject(parent) {}

void AccountController::attach(platform::Peer* peer, SerialWorker* worker) {
    peer_ = peer;
    worker_ = worker;
    switch (peer_->account_state()) {
        case platform::AccountState::NoAccount: setState(NoAccount); break;
        case platform::AccountState::Locked: {
            // The name may be readable while locked (for "Welcome back"); fine if not.
            auto info = peer_->account();
            if (info.ok()) setInfo(*info);
            setState(Locked);
            break;
        }
        case platform::AccountState::Unlocked: {
            auto info = peer_->account();
            if (info.ok()) setInfo(*info);
            setState(Unlocked);
            break;
        }
    }
}

void AccountController::createAccount(const QString& displayName, const QString& passphrase) {
    if (!peer_ || busy_) return;
    const QString name = displayName.simplified();
    if (name.isEmpty()) return setError(QStringLiteral("Enter the name others will see."));
    if (passphrase.size() < kMinPassphraseLength)
        return setError(QStringLiteral("Use a passphrase of at least %1 characters.")
                            .arg(kMinPassphraseLength));
    setError({});
    setBusy(true);
    worker_->run(
        [peer = peer_, n = name.toStdString(), p = passphrase.toStdString()] {
            return peer->create_account(n, p);
        },
        [this](Result<platform::AccountInfo> result) {
            setBusy(false);
            if (!result) return setError(userMessage(Action::CreateAccount, result.error()));
            setInfo(*result);
            setState(Unlocked);
        });
}

void AccountController::unlock(const QString& passphrase) {
    if (!peer_ || busy_) return;
    if (passphrase.isEmpty()) return setError(QStringLiteral("Enter your passphrase."));
    setError({});
    setBusy(true);
    worker_->run([peer = peer_, p = passphrase.toStdString()] { return peer->unlock(p); },
                 [this](Result<platform::AccountInfo> result) {
                     setBusy(false);
                     if (!result) return setError(userMessage(Action::Unlock, result.error()));
                     setInfo(*result);
                     setState(Unlocked);
                 });
}

void AccountController::lock() {
    if (!peer_ || busy_ || state_ != Unlocked) return;
    setError({});
    // Leave the unlocked screens at once; the Peer drops its keys right after.
    setState(Locked);
    setBusy(true);
    worker_->run([peer = peer_] { return peer->lock(); },
                 [this](Result<platform::AccountInfo> result) {
                     setBusy(false);
                     if (!result) setError(userMessage(Action::Lock, result.error()));
                 });
}

void AccountController::changePassphrase(const QString& oldPassphrase,
                                         const QString& newPassphrase) {
    if (!peer_ || busy_) return;
    if (newPassphrase.size() < kMinPassphraseLength) {
        emit passphraseChanged(false, QStringLiteral("Use a passphrase of at least %1 characters.")
                                          .arg(kMinPassphraseLength));
        return;
    }
    setBusy(true);
    worker_->run(
        [peer = peer_, o = oldPassphrase.toStdString(), n = newPassphrase.toStdString()] {
            return peer->change_passphrase(o, n);
        },
        [this](Result<platform::AccountInfo> result) {
            setBusy(false);
            if (!result) {
                emit passphraseChanged(false, userMessage(Action::ChangePassphrase, result.error()));
                return;
            }
            setInfo(*result);
            emit passphraseChanged(true, QStringLiteral("Your passphrase was changed."));
        });
}

void AccountController::clearError() { setError({}); }

void AccountController::adopt(const platform::AccountInfo& info) {
    setInfo(info);
    setState(info.unlocked ? Unlocked : Locked);
}

void AccountController::setBusy(bool busy) {
    if (busy == busy_) return;
    busy_ = busy;
    emit busyChanged();
}

void AccountController::setError(const QString& error) {
    if (error == error_) return;
    error_ = error;
    emit errorChanged();
}

void AccountController::setInfo(const platform::AccountInfo& info) {
    displayName_ = qs(info.display_name);
    identityId_ = qs(info.identity_id);
    fingerprint_ = qs(info.fingerprint);
    deviceId_ = qs(info.device_id);
    emit infoChanged();
}

void AccountController::setState(State state) {
    if (state == state_) return;
    state_ = state;
    emit stateChanged();
}

}  // namespace grove::app
