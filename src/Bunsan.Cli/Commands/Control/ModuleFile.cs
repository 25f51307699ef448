using Bunsan.Executor;

namespace Bunsan.Cli.Commands.Control;

/// <summary>Reads a module file for upload: .wasm as it is, .wat converted to binary here (the API takes binary only).</summary>
public static class ModuleFile
{
    public static byte[] Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new BadInputException("MODULE", $"file '{path}' does not exist: pass a .wasm or .wat file");
        }
        if (file.Length > ModuleStore.DefaultMaxModuleBytes)
        {
            throw new BadInputException("MODULE", $"'{path}' is {file.Length:N0} bytes, over the {ModuleStore.DefaultMaxModuleBytes:N0}-byte module limit");
        }
        if (!path.EndsWith(".wat", StringComparison.OrdinalIgnoreCase))
        {
            return File.ReadAllBytes(path);
        }
        try
        {
            return Wasmtime.Module.ConvertText(File.ReadAllText(path));
        }
        catch (Wasmtime.WasmtimeException e)
        {
            throw new BadInputException("MODULE", $"'{path}' is not valid WebAssembly text: {e.Message.Split('\n')[0]}");
        }
    }
}
