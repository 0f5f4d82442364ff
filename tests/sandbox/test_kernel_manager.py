"""The sandbox's kernel client (autograder.sandbox.kernel_manager.ReadyClient): ready as soon as
IOPub is known to be connected, asking again while it is not, as jupyter_client's does, without its
fixed 0.2 s wait."""

from queue import Empty

import pytest
from jupyter_core.utils import run_sync

from autograder.sandbox.kernel_manager import ReadyClient, SandboxKernelManager


class Channel:
    def __init__(self, messages):
        self.messages = list(messages)
        self.waited = 0.0

    async def get_msg(self, timeout=None):
        if not self.messages:
            self.waited += timeout
            raise Empty
        return self.messages.pop(0)


def status(state, parent):
    return {
        "msg_type": "status",
        "content": {"execution_state": state},
        "parent_header": {"msg_id": parent},
    }


class FakeKernel(ReadyClient):
    """Answers kernel_info requests k1, k2, ... on the shell channel; IOPub holds what the test
    puts there."""

    def __init__(self, iopub, alive=True):
        super().__init__()
        self.asked = 0
        self.alive = alive
        self._shell, self._iopub = Channel([]), Channel(iopub)

    shell_channel = property(lambda self: self._shell)
    iopub_channel = property(lambda self: self._iopub)

    def kernel_info(self):
        self.asked += 1
        msg_id = f"k{self.asked}"
        self._shell.messages.append(
            {
                "msg_type": "kernel_info_reply",
                "parent_header": {"msg_id": msg_id},
                "content": {"status": "ok"},
            }
        )
        return msg_id

    def _handle_kernel_info_reply(self, msg):
        self.ready_with = msg["parent_header"]["msg_id"]

    async def _async_is_alive(self):
        return self.alive


def test_ready_at_the_idle_status_of_its_request_leaving_the_rest():
    later = status("busy", "someone-else")
    kernel = FakeKernel(
        [status("starting", None), status("busy", "k1"), status("idle", "k1"), later]
    )
    run_sync(kernel.wait_for_ready)(timeout=5)
    assert kernel.ready_with == "k1" and kernel.asked == 1
    assert kernel.iopub_channel.waited == 0, "no wait for IOPub to fall silent"
    assert kernel.iopub_channel.messages == [later], (
        "what follows is left to the readers that match replies"
    )


def test_ready_at_the_welcome_of_a_new_subscriber():
    kernel = FakeKernel([{"msg_type": "iopub_welcome", "content": {}, "parent_header": {}}])
    run_sync(kernel.wait_for_ready)(timeout=5)
    assert kernel.ready_with == "k1" and kernel.iopub_channel.waited == 0


def test_asked_again_while_iopub_shows_nothing():
    kernel = FakeKernel([])

    async def connect_late():
        first = kernel.kernel_info

        # IOPub connects after the first request was answered: its status was lost
        def kernel_info():
            msg_id = first()
            if kernel.asked == 2:
                kernel.iopub_channel.messages += [status("busy", "k2"), status("idle", "k2")]
            return msg_id

        kernel.kernel_info = kernel_info
        await kernel.wait_for_ready(timeout=5)

    run_sync(connect_late)()
    assert kernel.asked == 2 and kernel.ready_with == "k2"
    assert kernel.iopub_channel.waited == pytest.approx(0.2)


def test_a_dead_kernel_is_reported():
    kernel = FakeKernel([], alive=False)
    with pytest.raises(RuntimeError, match="died before replying"):
        run_sync(kernel.wait_for_ready)(timeout=5)


def test_the_sandbox_manager_makes_these_clients():
    assert isinstance(SandboxKernelManager(kernel_name="python3").client(), ReadyClient)
