using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Safeguard.App.Data;

/// <summary>
/// Set-based statements written once for both providers: the rows go in as one <c>VALUES</c> list of parameters, each
/// cast to its column's type, in place of <c>{0}</c>. Only how a type is named and an instant stored differs (PostgreSQL
/// keeps timestamps; SQLite, Unix ticks, as <see cref="SqliteAppDbContext"/> maps them).
/// </summary>
public sealed class SetSql(AppDbContext db)
{
    /// <summary>A 64-bit number (an id).</summary>
    public const string Id = "id";

    /// <summary>A 32-bit number (a count, a version, a place in a history).</summary>
    public const string Count = "count";
    public const string Text = "text";
    public const string Instant = "instant";

    private readonly bool _postgres = db is PostgresAppDbContext;

    /// <summary>Runs <paramref name="sql"/> over <paramref name="rows"/> (each as <paramref name="types"/>); returns the rows affected, 0 when there are none.</summary>
    public async Task<int> ExecuteAsync(string sql, IEnumerable<object?[]> rows, string[] types, CancellationToken cancellationToken)
    {
        var parameters = new List<DbParameter>();
        var values = new StringBuilder();
        using var factory = db.Database.GetDbConnection().CreateCommand();
        foreach (var row in rows)
        {
            values.Append(values.Length == 0 ? "(" : ", (");
            for (var i = 0; i < types.Length; i++)
            {
                var parameter = factory.CreateParameter();
                parameter.ParameterName = "@p" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.Value = row[i] switch
                {
                    null => DBNull.Value,
                    NodaTime.Instant at when !_postgres => at.ToUnixTimeTicks(),
                    var value => value,
                };
                parameters.Add(parameter);
                values.Append(i == 0 ? "" : ", ").Append("CAST(").Append(parameter.ParameterName).Append(" AS ").Append(TypeName(types[i])).Append(')');
            }
            values.Append(')');
        }
        if (parameters.Count == 0) return 0;
        return await db.Database.ExecuteSqlRawAsync(sql.Replace("{0}", values.ToString(), StringComparison.Ordinal), parameters, cancellationToken);
    }

    private string TypeName(string type) => (type, _postgres) switch
    {
        (Id, true) => "bigint",
        (Count, true) => "integer",
        (Text, true) => "text",
        (Instant, true) => "timestamptz",
        (Text, false) => "TEXT",
        (Id or Count or Instant, false) => "INTEGER",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a type SetSql knows."),
    };
}
