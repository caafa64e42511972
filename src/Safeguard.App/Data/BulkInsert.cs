using System.Collections;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Safeguard.App.Data;

/// <summary>
/// Writes new records that the change tracker never saw — an import's new subjects, built by the same store, model,
/// projection and ledger as any other change — with one prepared <c>INSERT</c> per table on SQLite's own handle, reused for every row inside
/// the caller's transaction, instead of tracked entities saved by <c>SaveChanges</c> (ADR 0020). What is written, and
/// how each value is stored, comes from the EF model itself (tables, columns, value converters), so there is one
/// mapping, not a second one to drift.
/// <para>
/// From each root it follows the navigations to every new object (a generated key still 0, or a row owned through a
/// collection of a new one): the subject, its events and clocks, the children it names for the first time and its
/// links to them. Objects that already exist (a key set) are referred to, never written; the caller saves any change
/// to them through the change tracker as usual. Keys are given in memory, one past the table's highest, which is safe
/// because an import writes alone (the SQLite lease) inside one transaction; foreign keys are then set from the
/// navigations. Only for SQLite: PostgreSQL keeps its identity sequences and the tracked path.
/// </para>
/// </summary>
public sealed class BulkInsert(AppDbContext db) : IDisposable
{
    private readonly Dictionary<Type, IEntityType> _types = [];
    private readonly Dictionary<ITable, Statement> _statements = [];

    /// <summary>Writes every new object reachable from <paramref name="roots"/>; returns how many rows were written.</summary>
    public async Task<int> InsertAsync(IEnumerable<object> roots, CancellationToken cancellationToken)
    {
        var found = Discover(roots);
        if (found.Count == 0) return 0;
        await AssignKeysAsync(found, cancellationToken);
        foreach (var (entity, type) in found) SetForeignKeys(entity, type);

        var byTable = new Dictionary<ITable, List<(object Entity, ITableMapping Mapping)>>();
        foreach (var (entity, type) in found)
            foreach (var mapping in type.GetTableMappings())
            {
                if (!byTable.TryGetValue(mapping.Table, out var rows)) byTable[mapping.Table] = rows = [];
                rows.Add((entity, mapping));
            }
        var written = 0;
        foreach (var table in Ordered(byTable.Keys))
        {
            var statement = StatementFor(table);
            foreach (var (entity, mapping) in byTable[table])
            {
                statement.Insert(entity, mapping);
                written++;
            }
        }
        return written;
    }

    private IEntityType TypeOf(object entity)
    {
        var clr = entity.GetType();
        if (!_types.TryGetValue(clr, out var type))
            _types[clr] = type = db.Model.FindEntityType(clr) ?? throw new InvalidOperationException($"{clr.Name} is not in the model.");
        return type;
    }

    /// <summary>Every new object reachable from the roots, each once, with its entity type.</summary>
    private List<(object Entity, IEntityType Type)> Discover(IEnumerable<object> roots)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var found = new List<(object, IEntityType)>();
        var pending = new Stack<(object Entity, bool Owned)>(roots.Select(r => (r, true)));
        while (pending.TryPop(out var next))
        {
            var (entity, owned) = next;
            if (!seen.Add(entity)) continue;
            var type = TypeOf(entity);
            if (!IsNew(entity, type, owned)) continue; // it exists: referred to by its key, not written
            found.Add((entity, type));
            foreach (var navigation in type.GetNavigations())
            {
                var value = navigation.GetGetter().GetClrValueUsingContainingEntity(entity);
                if (value is null) continue;
                if (navigation.IsCollection)
                {
                    // A row in a new object's collection is its own, new with it (a link has no generated key).
                    foreach (var item in (IEnumerable)value) pending.Push((item, true));
                }
                else
                {
                    pending.Push((value, false));
                }
            }
        }
        return found;
    }

    private static bool IsNew(object entity, IEntityType type, bool owned)
    {
        var key = type.FindPrimaryKey()!;
        if (key.Properties is [var only] && only.ValueGenerated == ValueGenerated.OnAdd)
            return Equals(only.GetGetter().GetClrValueUsingContainingEntity(entity), Activator.CreateInstance(only.ClrType));
        return owned;
    }

    /// <summary>Gives each new object with a generated key the next key of its hierarchy's table (read once per call).</summary>
    private async Task AssignKeysAsync(List<(object Entity, IEntityType Type)> found, CancellationToken cancellationToken)
    {
        var next = new Dictionary<IEntityType, long>();
        foreach (var (entity, type) in found)
        {
            var key = type.FindPrimaryKey()!;
            if (key.Properties is not [var only] || only.ValueGenerated != ValueGenerated.OnAdd) continue;
            var root = type.GetRootType();
            if (!next.TryGetValue(root, out var value))
            {
                var table = root.GetTableMappings().First().Table;
                var column = table.FindColumn(root.FindPrimaryKey()!.Properties[0])!.Name;
                await using var command = Command($"SELECT COALESCE(MAX(\"{column}\"), 0) FROM \"{table.Name}\"");
                value = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }
            next[root] = ++value;
            Set(only, entity, Convert.ChangeType(value, only.ClrType, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Foreign keys from the navigations: a dependent's reference to its principal, a principal's collection of dependents.</summary>
    private static void SetForeignKeys(object entity, IEntityType type)
    {
        foreach (var fk in type.GetForeignKeys())
            if (fk.DependentToPrincipal?.GetGetter().GetClrValueUsingContainingEntity(entity) is { } principal)
                Copy(principal, fk, entity);
        foreach (var fk in type.GetReferencingForeignKeys())
            if (fk.PrincipalToDependent is { IsCollection: true } many && many.GetGetter().GetClrValueUsingContainingEntity(entity) is IEnumerable dependents)
                foreach (var dependent in dependents)
                    Copy(entity, fk, dependent);
    }

    private static void Copy(object principal, IForeignKey fk, object dependent)
    {
        for (var i = 0; i < fk.Properties.Count; i++)
            Set(fk.Properties[i], dependent, fk.PrincipalKey.Properties[i].GetGetter().GetClrValueUsingContainingEntity(principal));
    }

    private static void Set(IProperty property, object entity, object? value) =>
        (property.PropertyInfo ?? throw new InvalidOperationException($"{property.Name} is not a property the bulk writer can set.")).SetValue(entity, value);

    /// <summary>The tables, each after the tables its foreign keys point to.</summary>
    private static List<ITable> Ordered(IEnumerable<ITable> tables)
    {
        var wanted = tables.ToHashSet();
        var ordered = new List<ITable>();
        var done = new HashSet<ITable>();
        void Visit(ITable table)
        {
            if (!done.Add(table)) return;
            foreach (var fk in table.ForeignKeyConstraints)
                if (fk.PrincipalTable != table && wanted.Contains((ITable)fk.PrincipalTable)) Visit((ITable)fk.PrincipalTable);
            ordered.Add(table);
        }
        foreach (var table in wanted) Visit(table);
        return ordered;
    }

    private DbCommand Command(string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The bulk writer writes inside the caller's transaction.");
        command.CommandText = sql;
        return command;
    }

    private Statement StatementFor(ITable table)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("The bulk writer writes inside the caller's transaction.");
        if (_statements.TryGetValue(table, out var statement) && statement.Connection == connection.Handle) return statement;
        var columns = table.Columns.ToList();
        var sql = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", columns.Select(_ => "?"))})";
        statement?.Dispose();
        return _statements[table] = new Statement(connection.Handle!, sql, columns);
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
    }

    /// <summary>
    /// A prepared insert into one table on the connection's own SQLite handle (SQLitePCLRaw, which Microsoft.Data.Sqlite
    /// is built on): each row's values bound by position, stored as the model stores them (its value converters), then
    /// stepped and reset for the next row.
    /// </summary>
    private sealed class Statement : IDisposable
    {
        private readonly sqlite3_stmt _statement;
        private readonly List<IColumn> _columns;
        private readonly Dictionary<ITableMapping, IColumnMapping?[]> _byMapping = [];

        public Statement(sqlite3 connection, string sql, List<IColumn> columns)
        {
            Connection = connection;
            _columns = columns;
            var rc = raw.sqlite3_prepare_v2(connection, sql, out _statement);
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, connection);
        }

        public sqlite3 Connection { get; }

        public void Insert(object entity, ITableMapping mapping)
        {
            if (!_byMapping.TryGetValue(mapping, out var mapped))
                _byMapping[mapping] = mapped = [.. _columns.Select(c => mapping.ColumnMappings.FirstOrDefault(m => m.Column == c))];
            for (var i = 0; i < mapped.Length; i++)
            {
                object? value = null;
                if (mapped[i] is { } column)
                {
                    value = column.Property.GetGetter().GetClrValueUsingContainingEntity(entity);
                    if (value is not null && column.TypeMapping.Converter is { } converter) value = converter.ConvertToProvider(value);
                }
                Check(Bind(i + 1, value));
            }
            var step = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (step != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(step, Connection);
        }

        /// <summary>Binds a stored value as Microsoft.Data.Sqlite would (a GUID as upper-case text, as EF Core stores it on SQLite).</summary>
        private int Bind(int index, object? value) => value switch
        {
            null => raw.sqlite3_bind_null(_statement, index),
            long l => raw.sqlite3_bind_int64(_statement, index, l),
            int n => raw.sqlite3_bind_int64(_statement, index, n),
            short h => raw.sqlite3_bind_int64(_statement, index, h),
            byte b => raw.sqlite3_bind_int64(_statement, index, b),
            bool f => raw.sqlite3_bind_int64(_statement, index, f ? 1 : 0),
            double d => raw.sqlite3_bind_double(_statement, index, d),
            float r => raw.sqlite3_bind_double(_statement, index, r),
            string t => raw.sqlite3_bind_text(_statement, index, t),
            Guid g => raw.sqlite3_bind_text(_statement, index, g.ToString().ToUpperInvariant()),
            byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
            _ => throw new InvalidOperationException($"The bulk writer cannot store a {value.GetType().Name}."),
        };

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, Connection);
        }

        public void Dispose() => _statement.Dispose();
    }
}
