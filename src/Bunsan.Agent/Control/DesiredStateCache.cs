using Bunsan.Protocol.V1;
using Google.Protobuf;

namespace Bunsan.Agent.Control;

/// <summary>
/// The last desired state, on disk in the data directory: an agent restarted while the control plane is unreachable
/// serves from it at once instead of waiting (agents must not depend on the control plane to start).
/// </summary>
public sealed class DesiredStateCache(string dataDirectory)
{
    public string Path { get; } = System.IO.Path.Combine(dataDirectory, "desired-state.pb");

    public DesiredState? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        try
        {
            return DesiredState.Parser.ParseFrom(File.ReadAllBytes(Path));
        }
        catch (InvalidProtocolBufferException)
        {
            // A torn or foreign file: start empty and take the next push rather than refuse to start.
            return null;
        }
    }

    /// <summary>Written to a temporary file and renamed over the old one, so a crash leaves the old state or the new, never half.</summary>
    public void Save(DesiredState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string temporary = Path + ".tmp";
        File.WriteAllBytes(temporary, state.ToByteArray());
        File.Move(temporary, Path, overwrite: true);
    }
}
