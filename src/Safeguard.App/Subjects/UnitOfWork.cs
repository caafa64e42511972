using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Safeguard.App.Clocks;
using Safeguard.App.Data;

namespace Safeguard.App.Subjects;

/// <summary>
/// A use case is one transaction: everything it writes — the events, the projections, the ledger, the links to other
/// subjects, the flags, and the s.62 entries saying who wrote to which record and why — commits together or not at
/// all. Once the work is done it is finished even if the caller has gone (the commit is not cancelled), so a change
/// is never committed without its entries nor left to chance. After it commits, this instance's boards and engine are told.
/// </summary>
public sealed class UnitOfWork(AppDbContext db, ChangeSignal signal, Audit.AuditScope audit, Audit.AuditTrail trail)
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and saves what it tracked. A database refusal becomes a rule
    /// exception that says what was wrong (<see cref="DatabaseErrors"/>); nothing is left half-written.
    /// </summary>
    public async Task<T> RunAsync<T>(string record, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        audit.Begin();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await work(cancellationToken);
            // Everything else first, then the log: its lock is held only for its own rows.
            await db.SaveChangesAsync(CancellationToken.None);
            await trail.AppendAsync(db, audit.Entries($"system: {record}"));
            await ChangeSignal.AnnounceAsync(db);
            await transaction.CommitAsync(CancellationToken.None);
            signal.Notify();
            return result;
        }
        catch (Exception e) when (DatabaseErrors.Translate(e, record) is { } refused)
        {
            throw refused;
        }
        finally
        {
            audit.End();
            db.ChangeTracker.Clear();
        }
    }

    public Task RunAsync(string record, Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunAsync(record, async ct =>
        {
            await work(ct);
            return true;
        }, cancellationToken);
}

/// <summary>
/// What a database refusal means to the caller. Only a real concurrency conflict — a stale version, or a unique key
/// (a reference, an event's place in a history) taken in between — is a 409 "changed by someone else"; a value the
/// database cannot keep or a record that does not exist is a 422 that says so. Anything else is not the caller's doing.
/// </summary>
public static class DatabaseErrors
{
    public static Exception? Translate(Exception e, string record)
    {
        var inner = e is DbUpdateException { InnerException: { } i } ? i : e;
        return (e, inner) switch
        {
            (DbUpdateConcurrencyException, _) => Conflict(record),
            (_, SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }) => Conflict(record),
            (_, SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 }) => Missing(record),
            (_, PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }) => Conflict(record),
            (_, PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation }) => Missing(record),
            (_, PostgresException { SqlState: PostgresErrorCodes.StringDataRightTruncation }) =>
                new RuleException($"A value given for the {record} is longer than the database keeps.", isConflict: false),
            (_, PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter }) =>
                new RuleException($"A value given for the {record} holds a character that cannot be stored.", isConflict: false),
            _ => null,
        };
    }

    /// <summary>
    /// Whether <paramref name="e"/> says the database could not be had just now — unreachable, shutting down, out of
    /// connections, or (SQLite) held by another writer beyond the busy timeout — rather than that the request was wrong:
    /// the caller may try again shortly.
    /// </summary>
    public static bool IsUnavailable(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case NpgsqlException { IsTransient: true }:
                case PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections }:
                case SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
                case System.Net.Sockets.SocketException:
                case TimeoutException:
                    return true;
            }
        }
        return false;
    }

    private static RuleException Conflict(string record) =>
        new($"The {record} was changed by someone else at the same time; read it again and retry.", isConflict: true, raced: true);

    private static RuleException Missing(string record) =>
        new($"The {record} refers to a record that does not exist.", isConflict: false);
}
