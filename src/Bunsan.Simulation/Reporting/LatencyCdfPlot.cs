using System.Globalization;
using ScottPlot;

namespace Bunsan.Simulation.Reporting;

/// <summary>Latencies of one strategy's requests, ms; rejected or lost requests are +Infinity.</summary>
public sealed record StrategyLatencies(string Strategy, double[] LatenciesMs);

/// <summary>Latencies of every strategy for one latency class, with its deadline (+Infinity for none).</summary>
public sealed record ClassLatencies(string ClassName, double DeadlineMs, IReadOnlyList<StrategyLatencies> Strategies);

/// <summary>
/// Draws, per latency class, the latency CDF of every strategy with the deadline marked: one subplot per class in a
/// grid, x = latency on a log scale, y = fraction of all the class's requests, so rejected requests (+Infinity) show
/// as a curve that never reaches 1. PNG or SVG by the file extension.
/// </summary>
public static class LatencyCdfPlot
{
    private const int PointsPerCurve = 400;
    private const int SubplotWidth = 600;
    private const int SubplotHeight = 440;
    private const double FloorMs = 0.01;

    /// <summary>Checks the extension before a long run: .png or .svg; otherwise <paramref name="error"/> says what to use.</summary>
    public static bool IsSupportedPath(string path, out string? error)
    {
        string ext = Path.GetExtension(path ?? "");
        if (ext.Equals(".png", StringComparison.OrdinalIgnoreCase) || ext.Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            error = null;
            return true;
        }
        error = $"'{path}' has no .png or .svg extension: the plot's format follows the extension, e.g. --plot latency.png";
        return false;
    }

    /// <summary>Writes the plot; check the path with <see cref="IsSupportedPath"/> first.</summary>
    /// <exception cref="ArgumentException">The extension is not .png or .svg, or there are no classes (caller bugs: validate first).</exception>
    public static void Write(string path, IReadOnlyList<ClassLatencies> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (!IsSupportedPath(path, out string? error))
        {
            throw new ArgumentException(error, nameof(path));
        }
        if (classes.Count == 0)
        {
            throw new ArgumentException("no latency classes to plot", nameof(classes));
        }

        int columns = classes.Count switch { 1 => 1, 2 or 4 => 2, _ => 3 };
        int rows = (classes.Count + columns - 1) / columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(classes.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (int i = 0; i < classes.Count; i++)
        {
            LatencyCdfSubplot.Draw(multiplot.GetPlot(i), classes[i]);
        }

        int width = columns * SubplotWidth;
        int height = rows * SubplotHeight;
        if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            File.WriteAllText(path, RenderSvg(multiplot, width, height));
        }
        else
        {
            multiplot.SavePng(path, width, height);
        }
    }

    /// <summary>
    /// Multiplot has no SVG export: render onto Skia's SVG canvas. Its canvas clear comes out as a full-size rect
    /// with no fill attribute, which SVG paints black (visible in empty grid cells): give that rect its white fill.
    /// </summary>
    private static string RenderSvg(Multiplot multiplot, int width, int height)
    {
        using var stream = new MemoryStream();
        using (var canvas = SkiaSharp.SKSvgCanvas.Create(new SkiaSharp.SKRect(0, 0, width, height), stream))
        {
            multiplot.Render(canvas, new PixelRect(0, width, height, 0));
        }
        string svg = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        string unfilled = FormattableString.Invariant($"<rect width=\"{width}\" height=\"{height}\"/>");
        int at = svg.IndexOf(unfilled, StringComparison.Ordinal);
        return at < 0 ? svg : string.Concat(svg.AsSpan(0, at), "<rect fill=\"white\"", svg.AsSpan(at + 5));
    }

    /// <summary>Draws one class: a CDF line per strategy and the deadline.</summary>
    private static class LatencyCdfSubplot
    {
        public static void Draw(Plot plot, ClassLatencies latencies)
        {
            // No request count in the title: callers may pass a thinned sample of each class's latencies.
            plot.Title(latencies.ClassName, size: 16);
            plot.XLabel("latency, ms (log scale)", size: 13);
            plot.YLabel("fraction of requests", size: 13);

            double minMs = double.PositiveInfinity;
            double maxMs = 0;
            int curves = 0;
            var legend = new List<LegendItem>();
            var palette = new ScottPlot.Palettes.Category10();
            // Drawn last to first so the first strategy (bunsan, in the simulator's order) lies on top where curves coincide.
            for (int s = latencies.Strategies.Count - 1; s >= 0; s--)
            {
                var strategy = latencies.Strategies[s];
                (double[] xs, double[] ys, double lo, double hi) = Curve(strategy.LatenciesMs);
                if (xs.Length == 0)
                {
                    continue;
                }
                curves++;
                minMs = Math.Min(minMs, lo);
                maxMs = Math.Max(maxMs, hi);
                var line = plot.Add.ScatterLine(xs, ys, palette.GetColor(s));
                line.ConnectStyle = ConnectStyle.StepHorizontal;
                line.LineWidth = 2;
                double reached = ys[^1];
                string text = reached < 0.9995
                    ? FormattableString.Invariant($"{strategy.Strategy} ({reached:P1} served)")
                    : strategy.Strategy;
                legend.Insert(0, new LegendItem { LabelText = text, LineColor = palette.GetColor(s), LineWidth = 2 });
            }

            if (double.IsFinite(latencies.DeadlineMs) && latencies.DeadlineMs > 0)
            {
                minMs = Math.Min(minMs, latencies.DeadlineMs);
                maxMs = Math.Max(maxMs, latencies.DeadlineMs);
                double x = Math.Log10(latencies.DeadlineMs);
                plot.Add.VerticalLine(x, 2, Colors.Black, LinePattern.Dashed);
                // Labelled at the foot of the line, on a light backing so crossing curves stay visible.
                var label = plot.Add.Text(FormattableString.Invariant($"deadline {latencies.DeadlineMs:0.###} ms"), x, 0.03);
                label.LabelFontSize = 13;
                label.LabelBold = true;
                label.LabelBackgroundColor = Colors.White.WithOpacity(0.85);
                // Right of the line, unless the line sits in the right half of the axis (the label would be clipped).
                bool rightHalf = x > (AxisMinLog(minMs) + AxisMaxLog(minMs, maxMs)) / 2;
                label.LabelAlignment = rightHalf ? Alignment.LowerRight : Alignment.LowerLeft;
                label.OffsetX = rightHalf ? -4 : 4;
            }

            if (curves == 0)
            {
                plot.Add.Annotation("no completed requests");
            }
            if (!double.IsFinite(minMs))
            {
                (minMs, maxMs) = (1, 10);
            }
            ConfigureLogX(plot, minMs, maxMs);
            plot.Axes.SetLimitsY(0, 1.02);
            // Outside the data area: inside, a legend always hides some curve or the deadline label.
            plot.Legend.ManualItems.AddRange(legend);
            plot.ShowLegend(Edge.Bottom);
            plot.Legend.Orientation = Orientation.Horizontal;
            plot.Legend.ShadowColor = Colors.Transparent;
        }

        /// <summary>
        /// Empirical CDF over all requests (infinities count in the denominator only), sampled at ≤ 400 points so a
        /// 10-million-request class draws as fast as a small one; x is log10(ms).
        /// </summary>
        private static (double[] Xs, double[] Ys, double MinMs, double MaxMs) Curve(double[] latenciesMs)
        {
            double[] finite = [.. latenciesMs.Where(double.IsFinite)];
            if (finite.Length == 0)
            {
                return ([], [], 0, 0);
            }
            Array.Sort(finite);
            int points = Math.Min(PointsPerCurve, finite.Length);
            var xs = new double[points + 1];
            var ys = new double[points + 1];
            double total = latenciesMs.Length;
            xs[0] = Math.Log10(Math.Max(FloorMs, finite[0]));
            ys[0] = 0;
            for (int k = 1; k <= points; k++)
            {
                int last = (int)((long)k * finite.Length / points) - 1;
                xs[k] = Math.Log10(Math.Max(FloorMs, finite[last]));
                ys[k] = (last + 1) / total;
            }
            return (xs, ys, Math.Max(FloorMs, finite[0]), Math.Max(FloorMs, finite[^1]));
        }

        private static double AxisMinLog(double minMs) => Math.Floor(Math.Log10(minMs));

        private static double AxisMaxLog(double minMs, double maxMs) => Math.Max(AxisMinLog(minMs) + 1, Math.Ceiling(Math.Log10(maxMs)));

        private static void ConfigureLogX(Plot plot, double minMs, double maxMs)
        {
            double lo = AxisMinLog(minMs);
            double hi = AxisMaxLog(minMs, maxMs);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = x => Math.Pow(10, x).ToString("#,0.##", CultureInfo.InvariantCulture),
            };
            plot.Axes.SetLimitsX(lo, hi);
            plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
            plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        }
    }
}
