using Bunsan.Simulation.Reporting;

namespace Bunsan.Simulation.Tests.Reporting;

public sealed class LatencyCdfPlotTests
{
    /// <summary>Three strategies over two classes; "cloud-only" rejects a tenth of realtime requests.</summary>
    private static ClassLatencies[] Sample()
    {
        var random = new Random(5);
        double[] Draw(int n, double median, double rejectShare) =>
            [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() < rejectShare
                ? double.PositiveInfinity
                : median * Math.Exp(0.4 * (random.NextDouble() + random.NextDouble() - 1)))];
        return
        [
            new("realtime", 10, [new("bunsan", Draw(5000, 6, 0)), new("nearest", Draw(5000, 9, 0.01)), new("cloud-only", Draw(5000, 22, 0.1))]),
            new("batch", double.PositiveInfinity, [new("bunsan", Draw(2000, 300, 0)), new("nearest", Draw(2000, 250, 0)), new("cloud-only", Draw(2000, 280, 0))]),
        ];
    }

    private static string TempPath(string extension) =>
        Path.Combine(Path.GetTempPath(), $"bunsan-cdf-{Guid.NewGuid():N}{extension}");

    [Fact]
    public void Write_PngPath_WritesANonTrivialPng()
    {
        string path = TempPath(".png");
        try
        {
            LatencyCdfPlot.Write(path, Sample());

            byte[] bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 20_000, $"only {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Write_SvgPath_WritesSvgWithDeadlineLabelAndLegend()
    {
        string path = TempPath(".SVG");
        try
        {
            LatencyCdfPlot.Write(path, Sample());

            string svg = File.ReadAllText(path);
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.Contains("deadline", svg, StringComparison.Ordinal);
            Assert.Contains("cloud-only", svg, StringComparison.Ordinal);
            Assert.Contains("<rect fill=\"white\" width=\"1200\" height=\"440\"/>", svg, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Write_AllRequestsRejected_StillDraws()
    {
        string path = TempPath(".png");
        try
        {
            LatencyCdfPlot.Write(path, [new ClassLatencies("realtime", 10, [new("random", [double.PositiveInfinity, double.PositiveInfinity]), new("bunsan", [])])]);

            Assert.True(new FileInfo(path).Length > 1000);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("plot.jpg")]
    [InlineData("plot")]
    [InlineData("plot.png.txt")]
    public void IsSupportedPath_OtherExtension_ErrorSaysPngOrSvg(string path)
    {
        Assert.False(LatencyCdfPlot.IsSupportedPath(path, out string? error));
        Assert.Contains(".png or .svg", error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LatencyCdfPlot.Write(path, Sample()));
    }
}
