// AccountController: the account's state (none, locked, unlocked) and who it is, and the
// create / unlock / lock / change-passphrase actions, run off the GUI thread.
#pragma once

#include <core/peer.h>

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace grove::app {

class SerialWorker;

class AccountController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by AppController")
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString displayName READ displayName NOTIFY infoChanged)
    Q_PROPERTY(QString identityId READ identityId NOTIFY infoChanged)
    Q_PROPERTY(QString fingerprint READ fingerprint NOTIFY infoChanged)
    Q_PROPERTY(QString deviceId READ deviceId NOTIFY infoChanged)
    Q_PROPERTY(int minPassphraseLength READ minPassphraseLength CONSTANT)

public:
    enum State { NoAccount, Locked, Unlocked };
    Q_ENUM(State)

    static constexpr int kMinPassphraseLength = 8;

    explicit AccountController(QObject* parent = nullptr);

    // Reads the account state from the Peer; call once after opening it.
    void attach(platform::Peer* peer, SerialWorker* worker);

    State state() const { return state_; }
    bool busy() const { return busy_; }
    QString error() const { return error_; }
    QString displayName() const { return displayName_; }
    QString identityId() const { return identityId_; }
    QString fingerprint() const { return fingerprint_; }
    QString deviceId() const { return deviceId_; }
    int minPassphraseLength() const { return kMinPassphraseLength; }

    Q_INVOKABLE void createAccount(const QString& displayName, const QString& passphrase);
    Q_INVOKABLE void unlock(const QString& passphrase);
    Q_INVOKABLE void lock();
    Q_INVOKABLE void changePassphrase(const QString& oldPassphrase, const QString& newPassphrase);
    Q_INVOKABLE void clearError();

    // Used by the demo, which creates its account itself.
    void adopt(const platform::AccountInfo& info);

signals:
    void stateChanged();
    void busyChanged();
    void errorChanged();
    void infoChanged();
    void passphraseChanged(bool ok, const QString& message);

private:
    void setBusy(bool busy);
    void setError(const QString& error);
    void setInfo(const platform::AccountInfo& info);
    void setState(State state);

    platform::Peer* peer_ = nullptr;
    SerialWorker* worker_ = nullptr;
    State state_ = NoAccount;
    bool busy_ = false;
    QString error_;
    QString displayName_, identityId_, fingerprint_, deviceId_;
};

}  // namespace grove::app
