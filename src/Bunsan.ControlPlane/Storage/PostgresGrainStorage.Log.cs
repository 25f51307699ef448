using Microsoft.Extensions.Logging;

namespace Bunsan.ControlPlane.Storage;

public sealed partial class PostgresGrainStorage
{
    // The SQLite provider's event ids: the same events, whichever store the deployment chose.
    [LoggerMessage(EventId = ControlPlaneEventIds.StorageOpened, Level = LogLevel.Information, Message = "Grain storage '{Name}' opened {Location}")]
    private partial void LogOpened(string name, string location);

    [LoggerMessage(EventId = ControlPlaneEventIds.StorageConflict, Level = LogLevel.Warning,
        Message = "Grain storage '{Name}': {Operation} of '{StateName}' for {GrainId} conflicted (expected ETag {Expected}, stored {Stored})")]
    private partial void LogConflict(string name, string operation, string stateName, string grainId, string expected, string stored);

    [LoggerMessage(EventId = ControlPlaneEventIds.StorageUnreadable, Level = LogLevel.Error,
        Message = "Grain storage '{Name}': '{StateName}' for {GrainId} in {Location} cannot be deserialized")]
    private partial void LogUnreadable(Exception exception, string name, string stateName, string grainId, string location);
}
