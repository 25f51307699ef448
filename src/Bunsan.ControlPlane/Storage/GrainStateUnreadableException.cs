namespace Bunsan.ControlPlane.Storage;

/// <summary>
/// A stored row (or the whole file) cannot be turned back into state: it is corrupt, was written by
/// an incompatible build, or the file is not a control-plane database. A broken invariant of the data
/// on disk, so an exception; the message names the file, the row and what to do. Serializable so the
/// caller of the grain whose activation failed receives it, not a "codec not found".
/// </summary>
[GenerateSerializer, Alias("bunsan.grain-state-unreadable")]
public sealed class GrainStateUnreadableException : Exception
{
    public GrainStateUnreadableException()
    {
    }

    public GrainStateUnreadableException(string message)
        : base(message)
    {
    }

    public GrainStateUnreadableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
