using Microsoft.Extensions.Logging;

namespace Bunsan.ControlPlane.Storage;

public sealed partial class SqliteGrainStorage
{
    [LoggerMessage(EventId = ControlPlaneEventIds.StorageOpened, Level = LogLevel.Information, Message = "Grain storage '{Name}' opened {Path}")]
    private partial void LogOpened(string name, string path);

    [LoggerMessage(EventId = ControlPlaneEventIds.StorageConflict, Level = LogLevel.Warning,
        Message = "Grain storage '{Name}': {Operation} of '{StateName}' for {GrainId} conflicted (expected ETag {Expected}, stored {Stored})")]
    private partial void LogConflict(string name, string operation, string stateName, string grainId, string expected, string stored);

    [LoggerMessage(EventId = ControlPlaneEventIds.StorageUnreadable, Level = LogLevel.Error,
        Message = "Grain storage '{Name}': '{StateName}' for {GrainId} in {Path} cannot be deserialized")]
    private partial void LogUnreadable(Exception exception, string name, string stateName, string grainId, string path);
}
