using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using PlatformDb.Tests.Infrastructure;

namespace PlatformDb.Tests.Live;

/// <summary>Runs one case file as a single batch inside a transaction that is always rolled back.</summary>
public static class InputCaseRunner
{
    /// <summary>Returns the server's error, or null when the batch ran cleanly.</summary>
    public static async Task<SqlException?> RunAndRollBackAsync(string connectionString, InputCase inputCase, CancellationToken cancellationToken)
    {
        // A session of its own per case (no pooling), so session state such as SET options can't leak between cases.
        var unpooled = new SqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new SqlConnection(unpooled);
        await connection.OpenAsync(cancellationToken);
        var transaction = connection.BeginTransaction();
        try
        {
            await using var command = new SqlCommand(inputCase.Sql, connection, transaction) { CommandTimeout = 60 };
            await command.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (SqlException ex)
        {
            return ex;
        }
        finally
        {
            // A THROW under XACT_ABORT (the procedures, the audit trigger) has already rolled the transaction back on the
            // server; SqlClient then reports it completed by returning a null Connection.
            if (transaction.Connection is not null)
            {
                try
                {
                    transaction.Rollback();
                }
                catch (InvalidOperationException)
                {
                    // Belt and braces: the server ended the transaction before SqlClient noticed; nothing is left to undo.
                }
            }

            transaction.Dispose();
        }
    }

    /// <summary>True when the message names the constraint or index as a whole word (FK_Membership_User is not FK_Membership_User_InvitedBy).</summary>
    public static bool Names(string message, string name) =>
        Regex.IsMatch(message, $"(?<![A-Za-z0-9_]){Regex.Escape(name)}(?![A-Za-z0-9_])", RegexOptions.CultureInvariant);

    public static IReadOnlyList<int> ErrorNumbers(SqlException exception) =>
        exception.Errors.Cast<SqlError>().Select(e => e.Number).ToList();
}
