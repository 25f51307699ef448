using Microsoft.Extensions.Logging;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Bunsan.ControlPlane.Storage;

/// <summary>
/// What the SQLite and PostgreSQL providers share above their SQL: turning a row's payload back into state (or a
/// <see cref="GrainStateUnreadableException"/> naming the row and the fix), resetting a grain to "no row", the
/// <see cref="InconsistentStateException"/> of a lost ETag race, and their log events (the same events, whichever
/// store the deployment chose).
/// </summary>
/// <param name="name">The provider's name.</param>
/// <param name="location">Where the rows are (a file path, or server and database — never a password).</param>
/// <param name="store">"file" or "database", for the restore advice.</param>
internal sealed partial class GrainStateRows(
    string name, string location, string store, IGrainStorageSerializer serializer, IActivatorProvider activators, ILogger logger)
{
    public string Location => location;

    public void Opened() => LogOpened(name, location);

    public void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public byte[] Serialize<T>(T state) => serializer.Serialize(state).ToArray();

    public T Deserialize<T>(byte[] payload, string stateName, string grainId)
    {
        try
        {
            return serializer.Deserialize<T>(BinaryData.FromBytes(payload))
                ?? throw new InvalidDataException("the payload deserialized to null");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogUnreadable(e, name, stateName, grainId, location);
            throw new GrainStateUnreadableException(
                $"state '{stateName}' of grain '{grainId}' in {location} cannot be read as {typeof(T).Name} ({e.Message}): "
                + $"the row is corrupt or was written by an incompatible build; restore the {store} from a backup, or delete the row "
                + $"(DELETE FROM grain_state WHERE state_name = {SqlLiteral(stateName)} AND grain_id = {SqlLiteral(grainId)}) to start that grain afresh", e);
        }
    }

    public InconsistentStateException Conflict(string operation, string stateName, string grainId, string? expected, string? stored)
    {
        LogConflict(name, operation, stateName, grainId, expected ?? "(none)", stored ?? "(none)");
        return new InconsistentStateException(
            $"{operation} of state '{stateName}' of grain '{grainId}' refused: it changed since this activation read it (another activation wrote it); the activation is dropped and the next call re-reads",
            stored ?? "(none)",
            expected ?? "(none)");
    }

    /// <summary>Quotes a value for the statement the error suggests, so a hostile key cannot turn it into another statement.</summary>
    private static string SqlLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [LoggerMessage(EventId = ControlPlaneEventIds.StorageOpened, Level = LogLevel.Information, Message = "Grain storage '{Name}' opened {Location}")]
    private partial void LogOpened(string name, string location);

    [LoggerMessage(EventId = ControlPlaneEventIds.StorageConflict, Level = LogLevel.Warning,
        Message = "Grain storage '{Name}': {Operation} of '{StateName}' for {GrainId} conflicted (expected ETag {Expected}, stored {Stored})")]
    private partial void LogConflict(string name, string operation, string stateName, string grainId, string expected, string stored);

    [LoggerMessage(EventId = ControlPlaneEventIds.StorageUnreadable, Level = LogLevel.Error,
        Message = "Grain storage '{Name}': '{StateName}' for {GrainId} in {Location} cannot be deserialized")]
    private partial void LogUnreadable(Exception exception, string name, string stateName, string grainId, string location);
}
