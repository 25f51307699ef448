using System.Globalization;

namespace Bunsan.Core.Spatial;

/// <summary>Splits "a/b/c/…" ID text into integer fields; shared by the ZFXY and extended ID parsers.</summary>
internal static class SpatialIdText
{
    /// <summary>
    /// Parses exactly <paramref name="fields"/>.Length '/'-separated integers, with one optional leading '/'
    /// (the JS SDK prints "/z/f/x/y"). No whitespace, no '+': a stray character is more likely a typo than intent.
    /// </summary>
    public static bool TrySplit(string? text, Span<long> fields, string format, string example, out string? error)
    {
        if (string.IsNullOrEmpty(text))
        {
            error = $"the ID is empty: write {format}, e.g. {example}";
            return false;
        }
        ReadOnlySpan<char> rest = text.AsSpan();
        if (rest.StartsWith('/'))
        {
            rest = rest[1..];
        }
        int count = rest.Count('/') + 1;
        if (count != fields.Length)
        {
            error = $"'{text}' has {count} field(s) where {format} has {fields.Length}: write {format}, e.g. {example}";
            return false;
        }
        for (int i = 0; i < fields.Length; i++)
        {
            int slash = rest.IndexOf('/');
            ReadOnlySpan<char> field = slash < 0 ? rest : rest[..slash];
            bool isInteger = field.Length > 0 && (char.IsAsciiDigit(field[0]) || (field[0] == '-' && field.Length > 1));
            if (!isInteger || !long.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out fields[i]))
            {
                error = $"'{field}' in '{text}' is not a whole number that fits in 64 bits: write {format} with integers, e.g. {example}";
                return false;
            }
            rest = slash < 0 ? [] : rest[(slash + 1)..];
        }
        error = null;
        return true;
    }

    public static bool TryZoom(long value, string name, string text, out int zoom, out string? error)
    {
        zoom = (int)Math.Clamp(value, -1, SpatialId.MaxZoom + 1);
        if (!SpatialId.IsValidZoom(zoom))
        {
            error = $"{name} {value} in '{text}' is out of range: use a zoom from {SpatialId.MinZoom} to {SpatialId.MaxZoom}";
            return false;
        }
        error = null;
        return true;
    }
}
