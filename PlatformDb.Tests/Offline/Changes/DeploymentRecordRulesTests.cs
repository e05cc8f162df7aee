using PlatformDb.Cli.Deploy;

namespace PlatformDb.Tests.Offline.Changes;

/// <summary>Which ops.DeploymentHistory row a publish leaves, for each table shape before and after it.</summary>
public sealed class DeploymentRecordRulesTests
{
    [Theory]
    [InlineData(HistoryShape.WithStatus, HistoryShape.WithStatus, RecordStep.MarkCompleted)]
    [InlineData(HistoryShape.WithStatus, HistoryShape.Legacy, RecordStep.Nothing)]
    [InlineData(HistoryShape.Legacy, HistoryShape.Legacy, RecordStep.InsertLegacy)]
    [InlineData(HistoryShape.Legacy, HistoryShape.WithStatus, RecordStep.InsertCompleted)]
    [InlineData(HistoryShape.None, HistoryShape.WithStatus, RecordStep.InsertCompleted)]
    [InlineData(HistoryShape.None, HistoryShape.Legacy, RecordStep.InsertLegacy)]
    [InlineData(HistoryShape.None, HistoryShape.None, RecordStep.Nothing)]
    public void After_success_the_deployment_is_recorded_once_in_the_shape_the_table_has(HistoryShape before, HistoryShape after, RecordStep step)
    {
        Assert.Equal(step, DeploymentRecordRules.AfterSuccess(Ticket(before), after));
    }

    [Fact]
    public void A_rollback_that_removes_the_status_columns_does_not_insert_a_second_row()
    {
        var rollback = Ticket(HistoryShape.WithStatus) with { Action = "rollback", Version = "1.1.0" };

        Assert.Equal(RecordStep.Nothing, DeploymentRecordRules.AfterSuccess(rollback, HistoryShape.Legacy));
        Assert.Equal(RecordStep.Nothing, DeploymentRecordRules.AfterFailure(rollback, databaseExists: true, HistoryShape.Legacy).Step);
        Assert.True(DeploymentRecordRules.AfterFailure(rollback, databaseExists: true, HistoryShape.Legacy).SchemaApplied);
    }

    [Fact]
    public void A_failure_after_a_started_row_is_marked_on_that_row_and_its_schema_state_read_from_it()
    {
        var step = DeploymentRecordRules.AfterFailure(Ticket(HistoryShape.WithStatus), databaseExists: true, HistoryShape.WithStatus);

        Assert.Equal(new FailureStep(RecordStep.MarkFailed, null, ""), step);
    }

    [Theory]
    [InlineData(false, HistoryShape.None)]
    [InlineData(true, HistoryShape.Legacy)]
    public void A_failed_first_publish_that_leaves_the_v12_table_committed_its_schema(bool existed, HistoryShape before)
    {
        var ticket = Ticket(before) with { DatabaseExisted = existed };

        var step = DeploymentRecordRules.AfterFailure(ticket, databaseExists: true, HistoryShape.WithStatus);

        Assert.Equal(RecordStep.InsertFailed, step.Step);
        Assert.True(step.SchemaApplied);
    }

    [Fact]
    public void A_failed_publish_that_removed_the_table_of_its_started_row_committed_its_schema()
    {
        var step = DeploymentRecordRules.AfterFailure(Ticket(HistoryShape.WithStatus) with { Version = "foreign" }, databaseExists: true, HistoryShape.None);

        Assert.Equal(RecordStep.Nothing, step.Step);
        Assert.True(step.SchemaApplied);
    }

    [Fact]
    public void A_failed_publish_that_leaves_no_table_committed_nothing()
    {
        var step = DeploymentRecordRules.AfterFailure(Ticket(HistoryShape.None) with { DatabaseExisted = false }, databaseExists: true, HistoryShape.None);

        Assert.Equal(RecordStep.Nothing, step.Step);
        Assert.False(step.SchemaApplied);
    }

    [Fact]
    public void A_failed_publish_on_an_older_shape_cannot_tell_whether_the_schema_committed()
    {
        var step = DeploymentRecordRules.AfterFailure(Ticket(HistoryShape.Legacy), databaseExists: true, HistoryShape.Legacy);

        Assert.Equal(RecordStep.Nothing, step.Step);
        Assert.Null(step.SchemaApplied);
        Assert.Contains("run drift", step.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void The_failure_text_says_whether_the_schema_change_committed()
    {
        Assert.StartsWith("the schema change committed; a post-deployment script failed: ", DeploymentHistory.FailureText(true, "x"), StringComparison.Ordinal);
        Assert.StartsWith("the schema change did not commit: ", DeploymentHistory.FailureText(false, "x"), StringComparison.Ordinal);
    }

    private static DeploymentTicket Ticket(HistoryShape before) =>
        new("1.2.0", "apply", new string('a', 64), before != HistoryShape.None, before, before == HistoryShape.WithStatus ? 7 : null);
}
