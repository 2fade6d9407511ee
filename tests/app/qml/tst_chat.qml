// Chat components: the composer's keys (Enter sends, Shift+Enter is a new line, Up edits the
// last message, read-only members cannot post), who is typing under the chat and the user's
// typing passed on, and the chat panel against a test double.
import QtQuick
import QtQuick.Controls
import QtTest
import Grove.Kit
import Grove.Chat

Item {
    id: root
    width: 420
    height: 600

    Component { id: composerComponent; Composer { width: 400; spaceName: "Design team" } }
    Component { id: spyComponent; SignalSpy {} }

    // A stand-in for SpaceController with the same surface the panel uses.
    QtObject {
            id: space
            property string name: "Design team"
            property bool canPost: true
            property bool sending: false
            property string chatError: ""
            property string loadError: ""
            property var posted: []
            property var edits: []
            property var removed: []
            property var typingNames: []
            property int typingNotes: 0
            function noteTyping() { typingNotes++ }
            signal postFailed(string text, string message)
            signal editFailed(string messageId, string text, string message)
            signal spaceChanged()
            function post(t) { posted.push(t); postedChanged() }
            function edit(id, t) { edits.push([id, t]); editsChanged() }
            function remove(id) { removed.push(id); removedChanged() }
            function clearChatError() { chatError = "" }
            property ListModel chat: ListModel {
                function indexOf(id) {
                    for (let i = 0; i < count; ++i) if (get(i).messageId === id) return i
                    return -1
                }
                function lastOwnMessageId() {
                    for (let i = count - 1; i >= 0; --i) if (get(i).mine && !get(i).deleted) return get(i).messageId
                    return ""
                }
            }
            function reset() {
                canPost = true; sending = false; chatError = ""; loadError = ""
                posted = []; edits = []; removed = []; chat.clear(); typingNames = []; typingNotes = 0
            }
    }

    function addMessage(space, id, author, text, mine, group) {
        space.chat.append({messageId: id, authorName: author, authorId: author, text: text,
                           postedMs: Date.now(), editedMs: 0, deleted: false, mine: mine,
                           groupStart: group, day: Qt.formatDate(new Date(), "yyyy-MM-dd")})
    }

    TestCase {
        name: "Chat"
        when: windowShown

        function init() { space.reset() }

        function test_enter_sends_trimmed_and_clears() {
            const composer = createTemporaryObject(composerComponent, root)
            const spy = createTemporaryObject(spyComponent, root, {target: composer, signalName: "send"})
            composer.focusInput()
            keyClick("h"); keyClick("i"); keyClick(Qt.Key_Space)
            keyClick(Qt.Key_Return)
            compare(spy.count, 1)
            compare(spy.signalArguments[0][0], "hi")
            compare(composer.text, "")
        }

        function test_shift_enter_is_a_new_line_and_empty_is_not_sent() {
            const composer = createTemporaryObject(composerComponent, root)
            const spy = createTemporaryObject(spyComponent, root, {target: composer, signalName: "send"})
            composer.focusInput()
            keyClick(Qt.Key_Return)
            compare(spy.count, 0)
            keyClick("a")
            keyClick(Qt.Key_Return, Qt.ShiftModifier)
            keyClick("b")
            compare(composer.text, "a\nb")
            keyClick(Qt.Key_Return)
            compare(spy.signalArguments[0][0], "a\nb")
        }

        function test_up_in_empty_composer_edits_last() {
            const composer = createTemporaryObject(composerComponent, root)
            const spy = createTemporaryObject(spyComponent, root, {target: composer, signalName: "editLastRequested"})
            composer.focusInput()
            keyClick(Qt.Key_Up)
            compare(spy.count, 1)
            keyClick("x")
            keyClick(Qt.Key_Up)
            compare(spy.count, 1)
        }

        function test_read_only_cannot_post() {
            const composer = createTemporaryObject(composerComponent, root, {canPost: false})
            const spy = createTemporaryObject(spyComponent, root, {target: composer, signalName: "send"})
            composer.text = "sneaky"
            composer.submit()
            compare(spy.count, 0)
            compare(composer.input.placeholderText, composer.readOnlyReason)
        }

        function test_restore_after_failure() {
            const composer = createTemporaryObject(composerComponent, root)
            composer.restore("lost words")
            compare(composer.text, "lost words")
        }

        function test_panel_posts_and_shows_empty_state() {
            const panel = createTemporaryObject(panelComponent, root, {space: space})
            waitForRendering(panel)
            verify(findEmpty(panel).visible)
            panel.composer.focusInput()
            keyClick("y"); keyClick("o")
            keyClick(Qt.Key_Return)
            compare(space.posted.length, 1)
            compare(space.posted[0], "yo")
            addMessage(space, "m1", "me", "yo", true, true)
            tryVerify(() => !findEmpty(panel).visible)
            compare(panel.list.count, 1)
        }

        // "Sam is typing…" under the chat from the space's typingNames; it goes when they stop.
        function test_typing_indicator() {
            const panel = createTemporaryObject(panelComponent, root, {space: space})
            const line = findChild(panel, "typingIndicator")
            verify(line)
            compare(line.text, "")
            const height = line.height
            space.typingNames = ["Sam"]
            compare(line.text, "Sam is typing…")
            compare(line.height, height)  // the composer doesn't move
            space.typingNames = ["Sam", "Ada"]
            compare(line.text, "Sam and Ada are typing…")
            space.typingNames = []
            compare(line.text, "")
        }

        // Typing in the composer tells the space (which throttles); text set by the app doesn't.
        function test_typing_is_passed_on() {
            const panel = createTemporaryObject(panelComponent, root, {space: space})
            panel.composer.text = "restored by the app"
            compare(space.typingNotes, 0)
            panel.composer.text = ""
            panel.focusComposer()
            keyClick(Qt.Key_H)
            keyClick(Qt.Key_I)
            compare(space.typingNotes, 2)
            keyClick(Qt.Key_Return)
            compare(space.posted[0], "hi")
        }

        function test_failed_post_restores_text_and_shows_error() {
            const panel = createTemporaryObject(panelComponent, root, {space: space})
            space.chatError = "Your message wasn't sent: Grove is busy or offline. Try again in a moment."
            space.postFailed("draft text", space.chatError)
            compare(panel.composer.text, "draft text")
        }

        function test_edit_last_with_up_then_enter() {
            const panel = createTemporaryObject(panelComponent, root, {space: space})
            addMessage(space, "m1", "sam", "theirs", false, true)
            addMessage(space, "m2", "me", "mine", true, true)
            waitForRendering(panel)
            panel.composer.focusInput()
            keyClick(Qt.Key_Up)
            compare(panel.editingId, "m2")
            keyClick(Qt.Key_End)
            keyClick("!")
            keyClick(Qt.Key_Return)
            compare(space.edits.length, 1)
            compare(space.edits[0][0], "m2")
            compare(space.edits[0][1], "mine!")
            compare(panel.editingId, "")
        }

        function test_escape_cancels_edit() {
            const panel = createTemporaryObject(panelComponent, root, {space: space})
            addMessage(space, "m2", "me", "mine", true, true)
            waitForRendering(panel)
            panel.startEdit("m2")
            keyClick("x")
            keyClick(Qt.Key_Escape)
            compare(panel.editingId, "")
            compare(space.edits.length, 0)
        }

        function findEmpty(panel) {
            return findChild(panel, "chatEmptyState")
        }
    }

    Component {
        id: panelComponent
        ChatPanel { width: 400; height: 580 }
    }
}
