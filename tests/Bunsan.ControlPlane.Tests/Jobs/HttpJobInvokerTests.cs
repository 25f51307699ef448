using System.Net;
using System.Text;
using Bunsan.ControlPlane.Jobs;

namespace Bunsan.ControlPlane.Tests.Jobs;

/// <summary>How an agent's answer becomes an attempt's outcome: the result, a final failure, or a refusal to retry elsewhere.</summary>
public sealed class HttpJobInvokerTests
{
    [Theory]
    [InlineData(HttpStatusCode.UnprocessableEntity, "{\"error\":\"trap\",\"reason\":\"wasm trap: unreachable\"}", AttemptOutcome.Failed, "trap")]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, "{\"error\":\"input_too_large\",\"reason\":\"too big\"}", AttemptOutcome.Failed, "input_too_large")]
    [InlineData(HttpStatusCode.InternalServerError, "{\"error\":\"bad_module\",\"reason\":\"broken\"}", AttemptOutcome.Failed, "bad_module")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "{\"error\":\"admission\",\"reason\":\"predicted wait 900 ms\"}", AttemptOutcome.Refused, "admission")]
    [InlineData(HttpStatusCode.NotFound, "{\"error\":\"unknown_function\",\"reason\":\"not in this plan yet\"}", AttemptOutcome.Refused, "unknown_function")]
    [InlineData(HttpStatusCode.BadGateway, "<html>proxy error</html>", AttemptOutcome.Refused, "HTTP 502")]
    public void Classify_MapsTheAgentsAnswer(HttpStatusCode status, string body, AttemptOutcome outcome, string error)
    {
        AttemptReport report = HttpJobInvoker.Classify(status, Encoding.UTF8.GetBytes(body));

        Assert.Equal((outcome, error), (report.Outcome, report.Error));
    }

    [Fact]
    public void Classify_Ok_IsTheOutputBytes()
    {
        AttemptReport report = HttpJobInvoker.Classify(HttpStatusCode.OK, [0, 1, 255]);

        Assert.Equal(AttemptOutcome.Succeeded, report.Outcome);
        Assert.Equal([0, 1, 255], report.Output);
    }

    [Fact]
    public async Task Invoke_UnreachableSite_IsARefusalNotAnException()
    {
        using var invoker = new HttpJobInvoker();
        int closedPort = LoopbackPorts.Free();

        AttemptReport report = await invoker.InvokeAsync(new JobTarget("edge-gone", new Uri($"http://127.0.0.1:{closedPort}")), "echo", [1], 1000,
            TestContext.Current.CancellationToken);

        Assert.Equal((AttemptOutcome.Refused, "unreachable"), (report.Outcome, report.Error));
        Assert.Contains("edge-gone", report.Reason, StringComparison.Ordinal);
    }
}
