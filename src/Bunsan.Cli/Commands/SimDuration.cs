using System.Globalization;

namespace Bunsan.Cli.Commands;

/// <summary>Parses `--duration`: "90s", "10m", "1.5h" or a bare number of minutes.</summary>
internal static class SimDuration
{
    public static bool TryParseMinutes(string? text, out double minutes, out string? error)
    {
        string t = (text ?? "").Trim().ToLowerInvariant();
        double scale = 1;
        if (t.EndsWith('s'))
        {
            (t, scale) = (t[..^1], 1.0 / 60);
        }
        else if (t.EndsWith('m'))
        {
            t = t[..^1];
        }
        else if (t.EndsWith('h'))
        {
            (t, scale) = (t[..^1], 60);
        }
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value > 0)
        {
            minutes = value * scale;
            error = null;
            return true;
        }
        minutes = 0;
        error = $"'{text}' is not a duration: write a positive number with a unit, e.g. 90s, 10m or 1h (a bare number means minutes)";
        return false;
    }
}
