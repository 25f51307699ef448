namespace Bunsan.Core.Spatial;

public readonly partial record struct SpatialId
{
    private const string Format = "z/f/x/y";
    private const string Example = "25/0/29803148/13212522";

    /// <summary>
    /// Parses "z/f/x/y" or "/z/f/x/y". Rejects a wrong field count, non-integers, zoom outside 0..35 and x or y
    /// outside [0, 2^z); the error names the field and the fix. f may be negative.
    /// </summary>
    public static bool TryParse(string? text, out SpatialId id, out string? error)
    {
        id = default;
        Span<long> fields = stackalloc long[4];
        if (!SpatialIdText.TrySplit(text, fields, Format, Example, out error) ||
            !SpatialIdText.TryZoom(fields[0], "zoom", text!, out int zoom, out error))
        {
            return false;
        }
        if (!TryCreate(zoom, fields[1], fields[2], fields[3], out id, out error))
        {
            error = $"'{text}': {error}";
            return false;
        }
        return true;
    }
}
