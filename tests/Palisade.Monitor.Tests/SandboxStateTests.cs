using Palisade.Core.Monitoring;

namespace Palisade.Monitor.Tests;

public sealed class SandboxStateTests
{
    [Fact]
    public void PodLookupWanted_FirstIdThenBackOffAfterAMiss_NeverOnceThePodIsKnown()
    {
        var state = new SandboxState();

        Assert.Null(state.PodLookupWanted(""));
        Assert.Equal("sandbox-id", state.PodLookupWanted("sandbox-id"));
        // A miss: the next event right after does not ask again (the back-off is 0.5 s).
        Assert.Null(state.PodLookupWanted("app-id"));

        state.Pod = new PodIdentity("web-0", "shop");
        Assert.Null(state.PodLookupWanted("app-id"));
    }
}
