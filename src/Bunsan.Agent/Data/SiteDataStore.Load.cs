using System.Security.Cryptography;
using DuckDB.NET.Data;
using Bunsan.Federation.Queries;

namespace Bunsan.Agent.Data;

/// <summary>Loading a dataset: check the file, read it through <see cref="DatasetFileReader"/>, swap it in atomically.</summary>
public sealed partial class SiteDataStore
{
    /// <summary>
    /// Loads <paramref name="path"/> (.csv with a header row, or .parquet) as <paramref name="dataset"/>, replacing
    /// any previous data atomically: the rows go into a new table and the swap commits with them, in one
    /// transaction, so a failed load leaves the previous data as it was.
    /// </summary>
    public DatasetLoad Load(string dataset, string path)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(path);
        string? nameProblem = DatasetName.Problem(dataset);
        if (nameProblem is not null)
        {
            return DatasetLoad.Failed($"--dataset: {nameProblem}");
        }
        string? fileProblem = CheckFile(path, out string full, out string format, out long bytes);
        if (fileProblem is not null)
        {
            return DatasetLoad.Failed($"--file: {fileProblem}");
        }
        string digest;
        try
        {
            using FileStream stream = File.OpenRead(full);
            digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (IOException e)
        {
            return DatasetLoad.Failed($"--file: {path} cannot be read ({e.Message}): check that it is readable");
        }
        catch (UnauthorizedAccessException)
        {
            return DatasetLoad.Failed($"--file: {path} cannot be read: permission denied; make it readable by the agent");
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return LoadHeld(dataset, path, full, format, bytes, digest);
        }
    }

    private DatasetLoad LoadHeld(string dataset, string path, string full, string format, long bytes, string digest)
    {
        DatasetFileReader file;
        try
        {
            file = DatasetFileReader.Open(full, format);
        }
        catch (DuckDBException e)
        {
            return DatasetLoad.Failed($"--file: {path} cannot be read as {format.ToUpperInvariant()}: {FirstLine(e.Message)}; check the file's format and contents");
        }
        using (file)
        {
            string staging = DatasetFileReader.Quote(DatasetCatalog.StagingTableOf(dataset));
            using DuckDBTransaction transaction = _connection.BeginTransaction();
            try
            {
                string columns = string.Join(", ", file.Columns.Select(c => $"{DatasetFileReader.Quote(c.Name)} {c.Type}"));
                DatasetCatalog.Execute(_connection, $"CREATE TABLE {staging} ({columns})");
                long rows = file.AppendTo(_connection, DatasetCatalog.StagingTableOf(dataset));
                if (rows == 0)
                {
                    transaction.Rollback();
                    return DatasetLoad.Failed($"--file: {path} has no rows (a header at most): give a file with data");
                }
                string table = DatasetFileReader.Quote(DatasetCatalog.TableOf(dataset));
                DatasetCatalog.Execute(_connection, $"DROP TABLE IF EXISTS {table}");
                DatasetCatalog.Execute(_connection, $"ALTER TABLE {staging} RENAME TO {table}");
                var info = new DatasetInfo(dataset, file.Columns, rows, digest, format, bytes, full);
                DatasetCatalog.Record(_connection, info);
                transaction.Commit();
                _described.Remove(dataset);
                return new DatasetLoad(info, null);
            }
            catch (DuckDBException e)
            {
                transaction.Rollback();
                return DatasetLoad.Failed($"--file: {path} could not be loaded: {FirstLine(e.Message)}; fix the file (the dataset keeps its previous data)");
            }
        }
    }

    private string? CheckFile(string path, out string full, out string format, out long bytes)
    {
        full = "";
        format = "";
        bytes = 0;
        if (string.IsNullOrWhiteSpace(path))
        {
            return "give the path of a .csv or .parquet file";
        }
        full = Path.GetFullPath(path);
        if (System.IO.Directory.Exists(full))
        {
            return $"{path} is a directory: give one .csv or .parquet file";
        }
        if (!File.Exists(full))
        {
            return $"{path} does not exist: check the path";
        }
        string extension = Path.GetExtension(full).ToLowerInvariant();
        format = extension switch
        {
            ".csv" => "csv",
            ".parquet" => "parquet",
            _ => "",
        };
        if (format.Length == 0)
        {
            return $"{path} is neither .csv nor .parquet: export the data as CSV with a header row, or as Parquet";
        }
        bytes = new FileInfo(full).Length;
        if (bytes == 0)
        {
            return $"{path} is empty: give a file with a header row and data";
        }
        return bytes > _options.MaxFileBytes
            ? $"{path} is {bytes} bytes, over this site's limit of {_options.MaxFileBytes}: split it into several datasets"
            : null;
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
