using System.Collections;
using System.Data.Common;

namespace PlatformDb.Cli.Usage;

/// <summary>
/// Streams events to SqlBulkCopy as rows of the given columns, one event at a time: the source is never materialized,
/// so a 10M-event load holds one row.
/// </summary>
public sealed class UsageEventDataReader(IEnumerable<UsageEvent> events, IReadOnlyList<UsageColumn> columns) : DbDataReader
{
    private readonly IEnumerator<UsageEvent> source = events.GetEnumerator();
    private bool closed;

    /// <summary>Events read so far.</summary>
    public long RowsRead { get; private set; }

    public override int FieldCount => columns.Count;
    public override int Depth => 0;
    public override bool HasRows => true;
    public override bool IsClosed => closed;
    public override int RecordsAffected => -1;
    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        if (closed || !source.MoveNext())
        {
            return false;
        }

        RowsRead++;
        return true;
    }

    public override bool NextResult() => false;
    public override string GetName(int ordinal) => columns[ordinal].Name;

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new IndexOutOfRangeException($"No column {name}.");
    }

    public override object GetValue(int ordinal) => columns[ordinal].Value(source.Current) ?? DBNull.Value;
    public override bool IsDBNull(int ordinal) => columns[ordinal].Value(source.Current) is null;

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, columns.Count);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override Type GetFieldType(int ordinal) => columns[ordinal].Type switch
    {
        System.Data.SqlDbType.UniqueIdentifier => typeof(Guid),
        System.Data.SqlDbType.Int => typeof(int),
        System.Data.SqlDbType.SmallInt => typeof(short),
        System.Data.SqlDbType.DateTime2 => typeof(DateTime),
        _ => typeof(string),
    };

    public override string GetDataTypeName(int ordinal) => columns[ordinal].TypeText;
    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);
    public override byte GetByte(int ordinal) => (byte)GetValue(ordinal);
    public override char GetChar(int ordinal) => (char)GetValue(ordinal);
    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);
    public override decimal GetDecimal(int ordinal) => (decimal)GetValue(ordinal);
    public override double GetDouble(int ordinal) => (double)GetValue(ordinal);
    public override float GetFloat(int ordinal) => (float)GetValue(ordinal);
    public override Guid GetGuid(int ordinal) => (Guid)GetValue(ordinal);
    public override short GetInt16(int ordinal) => (short)GetValue(ordinal);
    public override int GetInt32(int ordinal) => (int)GetValue(ordinal);
    public override long GetInt64(int ordinal) => Convert.ToInt64(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("Usage events have no binary columns.");

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("Read text columns with GetString.");

    public override IEnumerator GetEnumerator() => throw new NotSupportedException("Read rows with Read().");

    public override void Close()
    {
        closed = true;
        source.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }
}
