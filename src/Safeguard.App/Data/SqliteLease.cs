namespace Safeguard.App.Data;

/// <summary>
/// SQLite has one writer, and an import holds it for the import's whole length (it applies completely or not at all).
/// So imports and the application take turns on a SQLite file, through an operating-system lock on a file beside it
/// (<c>safeguard.db.lease</c>): the application holds it shared for as long as it runs (several instances may), an
/// import holds it exclusively. The lock goes with the process, however it ends, so a killed process never leaves one
/// behind. PostgreSQL needs none of this: there imports run beside the application.
/// </summary>
public sealed class SqliteLease : IDisposable
{
    private readonly FileStream? _lock;

    private SqliteLease(FileStream? held) => _lock = held;

    /// <summary>The lease file for a SQLite connection string, or null for an in-memory database.</summary>
    public static string? PathFor(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is "" or ":memory:" || builder.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory) return null;
        return Path.GetFullPath(builder.DataSource) + ".lease";
    }

    /// <summary>The application's lease: shared with other instances, refused while an import holds the database.</summary>
    public static SqliteLease? TryShared(DatabaseOptions options) => TryTake(options, exclusive: false);

    /// <summary>An import's lease: refused while the application or another import holds the database.</summary>
    public static SqliteLease? TryExclusive(DatabaseOptions options) => TryTake(options, exclusive: true);

    private static SqliteLease? TryTake(DatabaseOptions options, bool exclusive)
    {
        if (options.Provider != DatabaseProvider.Sqlite || PathFor(options.ConnectionString) is not { } path) return new SqliteLease(null);
        try
        {
            // .NET takes flock(LOCK_EX) for FileShare.None and flock(LOCK_SH) for a read-only handle that shares reading.
            return new SqliteLease(exclusive
                ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                : OpenShared(path));
        }
        catch (IOException)
        {
            return null; // held the other way by another process (or another handle in this one)
        }
    }

    private static FileStream OpenShared(string path)
    {
        if (!File.Exists(path)) using (File.Open(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite)) { }
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
    }

    public void Dispose() => _lock?.Dispose();
}
