using System.Text.RegularExpressions;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace PlatformDb.Tests.Infrastructure.Tsqlt;

/// <summary>A schema-qualified name a tSQLt file refers to, with the file line it appears on.</summary>
public sealed record ObjectReference(string Schema, string Name, int Line, string Kind);

/// <summary>
/// The objects a tSQLt file may refer to: the dacpac model's objects, tSQLt's own, the Support files' TestData
/// objects (plus what the harness creates there), any object in a test class schema, and system objects.
/// </summary>
public sealed class TsqltKnownObjects
{
    /// <summary>Objects the harness creates in schema TestData besides the Support files (see TsqltHarness).</summary>
    public static readonly IReadOnlyList<string> HarnessObjects = ["TestData.RunDevSeed"];

    private static readonly HashSet<string> SystemSchemas = new(["sys", "INFORMATION_SCHEMA", "tSQLt"], StringComparer.OrdinalIgnoreCase);

    private readonly HashSet<string> objects = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> schemas = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> classes = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> constraintsAndTriggers = new(StringComparer.OrdinalIgnoreCase);

    public TsqltKnownObjects(TSqlModel model, IEnumerable<TsqltFile> files)
    {
        // Every object with a [schema].[name] identity; constraints and triggers also by their bare name, which
        // tSQLt.ApplyConstraint and tSQLt.ApplyTrigger take.
        ModelTypeClass[] types =
        [
            Table.TypeClass, View.TypeClass, Procedure.TypeClass, ScalarFunction.TypeClass, TableValuedFunction.TypeClass,
            Sequence.TypeClass, Synonym.TypeClass, TableType.TypeClass, DmlTrigger.TypeClass, SecurityPolicy.TypeClass,
        ];
        foreach (var obj in model.GetObjects(DacQueryScopes.UserDefined, types).Where(o => o.Name.Parts.Count >= 2))
        {
            objects.Add($"{obj.Name.Parts[0]}.{obj.Name.Parts[1]}");
        }

        foreach (var schema in model.GetObjects(DacQueryScopes.UserDefined, Schema.TypeClass))
        {
            schemas.Add(schema.Name.Parts[^1]);
        }

        foreach (var obj in model.GetObjects(
                     DacQueryScopes.UserDefined,
                     CheckConstraint.TypeClass, ForeignKeyConstraint.TypeClass, UniqueConstraint.TypeClass,
                     PrimaryKeyConstraint.TypeClass, DefaultConstraint.TypeClass, DmlTrigger.TypeClass)
                 .Where(o => o.Name.HasName))
        {
            constraintsAndTriggers.Add(obj.Name.Parts[^1]);
        }

        schemas.Add("TestData");
        foreach (var name in HarnessObjects)
        {
            objects.Add(name);
        }

        foreach (var file in files)
        {
            if (file.IsTestClass)
            {
                classes.Add(file.Name);
                continue;
            }

            var (fragment, _) = SqlScripts.Parse(file.Read());
            foreach (var created in CreatedObjects(fragment))
            {
                objects.Add(created);
            }
        }
    }

    public bool IsKnownSchema(string schema) =>
        schemas.Contains(schema) || classes.Contains(schema) || SystemSchemas.Contains(schema);

    public bool Exists(string schema, string name) =>
        SystemSchemas.Contains(schema) || classes.Contains(schema) || objects.Contains($"{schema}.{name}");

    public bool IsConstraintOrTrigger(string name) => constraintsAndTriggers.Contains(name);

    /// <summary>[schema].[name] of the procedures, functions, views, tables and types a script creates.</summary>
    public static IEnumerable<string> CreatedObjects(TSqlFragment fragment)
    {
        if (fragment is not TSqlScript script)
        {
            yield break;
        }

        foreach (var statement in script.Batches.SelectMany(b => b.Statements))
        {
            SchemaObjectName? name = statement switch
            {
                ProcedureStatementBody p => p.ProcedureReference.Name,
                FunctionStatementBody f => f.Name,
                ViewStatementBody v => v.SchemaObjectName,
                CreateTableStatement t => t.SchemaObjectName,
                CreateTypeStatement t => t.Name,
                _ => null,
            };
            if (name?.SchemaIdentifier is not null)
            {
                yield return $"{name.SchemaIdentifier.Value}.{name.BaseIdentifier.Value}";
            }
        }
    }
}

/// <summary>The offline rules for tSQLt files: layout, assertions and references. Each returns problems as text.</summary>
public static partial class TsqltRules
{
    /// <summary>tSQLt procedures whose string argument names an object, and which parameters (by name or position) do.</summary>
    private static readonly Dictionary<string, (string Parameter, int Position)[]> NamingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FakeTable"] = [("@TableName", 0)],
        ["SpyProcedure"] = [("@ProcedureName", 0)],
        ["ApplyConstraint"] = [("@TableName", 0)],
        ["ApplyTrigger"] = [("@TableName", 0)],
        ["AssertObjectExists"] = [("@ObjectName", 0)],
        ["AssertObjectDoesNotExist"] = [("@ObjectName", 0)],
    };

    /// <summary>The bare constraint or trigger name argument of ApplyConstraint and ApplyTrigger.</summary>
    private static readonly Dictionary<string, (string Parameter, int Position)> BareNameParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ApplyConstraint"] = ("@ConstraintName", 1),
        ["ApplyTrigger"] = ("@TriggerName", 1),
    };

    /// <summary>Methods called on a column or variable (alias.Column.value(...)), not schema functions.</summary>
    private static readonly HashSet<string> TypeMethods = new(
        ["value", "query", "exist", "nodes", "modify", "ToString", "GetAncestor", "GetLevel", "IsDescendantOf", "STAsText", "STDistance"],
        StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> ParseProblems(TsqltFile file, IList<ParseError> errors) =>
        errors.Select(e => $"{file.RelativePath}({e.Line},{e.Column}): {e.Message}");

    /// <summary>
    /// A test class file: the first batch is only <c>EXECUTE tSQLt.NewTestClass @ClassName = N'&lt;FileName&gt;'</c>; every
    /// later statement creates an object in schema &lt;FileName&gt;; every procedure is named "test ...", "SetUp" (tSQLt
    /// runs it before each test of the class) or "CleanUp" (tSQLt 1.0.8083.3529 runs it after each NoTransaction test of
    /// the class: Private_GetClassHelperProcedureName).
    /// </summary>
    public static IEnumerable<string> LayoutProblems(TsqltFile file, TSqlFragment fragment)
    {
        var batches = ((TSqlScript)fragment).Batches;
        if (!file.Name.EndsWith("Tests", StringComparison.Ordinal))
        {
            yield return $"{file.RelativePath}: a test class name ends in 'Tests'";
        }

        var first = batches.FirstOrDefault();
        if (first is null || first.Statements.Count != 1 || !IsNewTestClass(first.Statements[0], file.Name))
        {
            yield return $"{file.RelativePath}({first?.StartLine ?? 1}): the first batch must be only EXECUTE tSQLt.NewTestClass @ClassName = N'{file.Name}';";
        }

        foreach (var statement in batches.Skip(1).SelectMany(b => b.Statements))
        {
            SchemaObjectName? name = statement switch
            {
                CreateProcedureStatement p => p.ProcedureReference.Name,
                CreateFunctionStatement f => f.Name,
                CreateViewStatement v => v.SchemaObjectName,
                CreateTableStatement t => t.SchemaObjectName,
                _ => null,
            };
            if (name is null)
            {
                yield return $"{file.RelativePath}({statement.StartLine}): only CREATE PROCEDURE (or a helper CREATE FUNCTION/VIEW/TABLE) follows the NewTestClass batch, found {statement.GetType().Name}";
                continue;
            }

            if (!string.Equals(name.SchemaIdentifier?.Value, file.Name, StringComparison.Ordinal))
            {
                yield return $"{file.RelativePath}({statement.StartLine}): {name.BaseIdentifier.Value} must be in schema [{file.Name}]";
            }

            var baseName = name.BaseIdentifier.Value;
            if (statement is CreateProcedureStatement && baseName is not ("SetUp" or "CleanUp") && !baseName.StartsWith("test ", StringComparison.Ordinal))
            {
                yield return $"{file.RelativePath}({statement.StartLine}): procedure [{baseName}] must be named 'test <behaviour>', 'SetUp' or 'CleanUp'";
            }
        }

        foreach (var duplicate in TsqltSuite.Procedures(fragment)
                     .GroupBy(p => p.ProcedureReference.Name.BaseIdentifier.Value, StringComparer.OrdinalIgnoreCase)
                     .Where(g => g.Count() > 1))
        {
            yield return $"{file.RelativePath}: procedure [{duplicate.Key}] is defined {duplicate.Count()} times";
        }
    }

    /// <summary>Every test procedure calls at least one tSQLt assertion directly.</summary>
    public static IEnumerable<string> AssertionProblems(TsqltFile file, TSqlFragment fragment)
    {
        foreach (var procedure in TsqltSuite.Procedures(fragment)
                     .Where(p => TsqltSuite.IsTestName(p.ProcedureReference.Name.BaseIdentifier.Value)))
        {
            var calls = new ProcedureCallCollector();
            procedure.Accept(calls);
            if (!calls.Names.Any(n => IsTsqlt(n) && AssertionName().IsMatch(n.BaseIdentifier.Value)))
            {
                yield return $"{file.RelativePath}({procedure.StartLine}): [{procedure.ProcedureReference.Name.BaseIdentifier.Value}] calls no tSQLt assertion (Assert*, ExpectException, ExpectNoException, Fail)";
            }
        }
    }

    /// <summary>
    /// The test annotations of the pinned tSQLt release (1.0.8083.3529 creates these tSQLt.[@tSQLt:...] functions in
    /// tSQLt.class.sql).
    /// </summary>
    public static readonly IReadOnlyList<string> KnownAnnotations =
        ["NoTransaction", "SkipTest", "MinSqlMajorVersion", "MaxSqlMajorVersion", "RunOnlyOnHostPlatform"];

    /// <summary>
    /// tSQLt reads a test's annotations from the procedure's own definition: every line of OBJECT_DEFINITION that matches
    /// <c>^\s*--\[@tSQLt:</c> (tSQLt-org/tSQLt tSQLtCLR/tSQLtCLR/Annotations.cs, GetAnnotationList), and the definition is
    /// the batch that created it. So an annotation must sit in the batch of the test it annotates (after the GO, above
    /// CREATE PROCEDURE), as the harness splits the file; one anywhere else is silently ignored. Its name must be one the
    /// pinned release knows, or the test errors with "There is an internal error for annotation".
    /// </summary>
    public static IEnumerable<string> AnnotationProblems(TsqltFile file, string text)
    {
        // A NoTransaction test runs its class's SetUp outside any transaction too (Private_RunTest_TestExecution), so
        // whatever a SetUp writes would stay in the database.
        if (text.Split('\n').Any(line => AnnotationLine().Match(line) is { Success: true } m && m.Groups["name"].Value == "NoTransaction")
            && TsqltSuite.Procedures(SqlScripts.Parse(text).Fragment).Any(p => string.Equals(p.ProcedureReference.Name.BaseIdentifier.Value, "SetUp", StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"{file.RelativePath}: the class has a NoTransaction test and a SetUp, which tSQLt would run outside any transaction for that test; move the test to a class without SetUp";
        }

        foreach (var batch in TsqltFiles.SplitBatches(text))
        {
            var lines = batch.Text.Split('\n');
            var annotations = lines
                .Select((line, index) => (Match: AnnotationLine().Match(line), Line: batch.StartLine + index))
                .Where(a => a.Match.Success)
                .ToList();
            if (annotations.Count == 0)
            {
                continue;
            }

            var (fragment, _) = SqlScripts.Parse(batch.Text);
            var procedures = TsqltSuite.Procedures(fragment).ToList();
            var isTest = procedures.Count == 1
                         && fragment is TSqlScript { Batches: [{ Statements.Count: 1 }] }
                         && TsqltSuite.IsTestName(procedures[0].ProcedureReference.Name.BaseIdentifier.Value);
            foreach (var (match, line) in annotations)
            {
                var name = match.Groups["name"].Value;
                if (!isTest)
                {
                    yield return $"{file.RelativePath}({line}): the annotation [@tSQLt:{name}] is not in the batch of a test procedure, so tSQLt never sees it (put it after the GO, directly above CREATE PROCEDURE [Class].[test ...])";
                }
                else if (!KnownAnnotations.Contains(name, StringComparer.Ordinal))
                {
                    yield return $"{file.RelativePath}({line}): unknown tSQLt annotation [@tSQLt:{name}] (known: {string.Join(", ", KnownAnnotations)})";
                }
            }
        }
    }

    /// <summary>Every schema-qualified reference the file makes that resolves to nothing known.</summary>
    public static IEnumerable<string> UnknownReferences(TsqltFile file, TSqlFragment fragment, TsqltKnownObjects known)
    {
        var collector = new ReferenceCollector();
        fragment.Accept(collector);
        foreach (var reference in collector.References)
        {
            if (reference.Kind == "function" && !known.IsKnownSchema(reference.Schema))
            {
                // alias.Column.method(...) parses like schema.function(...): only report it when the "schema" is one.
                if (TypeMethods.Contains(reference.Name))
                {
                    continue;
                }
            }

            if (reference.Kind is "constraint" or "trigger")
            {
                if (!known.IsConstraintOrTrigger(reference.Name))
                {
                    yield return $"{file.RelativePath}({reference.Line}): unknown {reference.Kind} {reference.Name}";
                }

                continue;
            }

            if (!known.Exists(reference.Schema, reference.Name))
            {
                yield return $"{file.RelativePath}({reference.Line}): unknown {reference.Kind} {reference.Schema}.{reference.Name}";
            }
        }
    }

    private static bool IsNewTestClass(TSqlStatement statement, string className)
    {
        if (statement is not ExecuteStatement { ExecuteSpecification.ExecutableEntity: ExecutableProcedureReference call }
            || call.ProcedureReference?.ProcedureReference?.Name is not { } name
            || !IsTsqlt(name)
            || !string.Equals(name.BaseIdentifier.Value, "NewTestClass", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var argument = Argument(call, "@ClassName", 0);
        return argument is StringLiteral literal && literal.Value == className;
    }

    internal static bool IsTsqlt(SchemaObjectName name) =>
        string.Equals(name.SchemaIdentifier?.Value, "tSQLt", StringComparison.OrdinalIgnoreCase);

    private static ScalarExpression? Argument(ExecutableProcedureReference call, string parameter, int position)
    {
        var named = call.Parameters.FirstOrDefault(p => string.Equals(p.Variable?.Name, parameter, StringComparison.OrdinalIgnoreCase));
        if (named is not null)
        {
            return named.ParameterValue;
        }

        return position < call.Parameters.Count && call.Parameters[position].Variable is null
            ? call.Parameters[position].ParameterValue
            : null;
    }

    [GeneratedRegex(@"^\s*--\[@tSQLt:(?<name>[^\]]*)\]")]
    private static partial Regex AnnotationLine();

    [GeneratedRegex("^(Assert[A-Za-z]*|ExpectException|ExpectNoException|Fail)$", RegexOptions.IgnoreCase)]
    private static partial Regex AssertionName();

    private sealed class ProcedureCallCollector : TSqlFragmentVisitor
    {
        public List<SchemaObjectName> Names { get; } = [];

        public override void Visit(ExecutableProcedureReference node)
        {
            if (node.ProcedureReference?.ProcedureReference?.Name is { } name)
            {
                Names.Add(name);
            }
        }
    }

    private sealed class ReferenceCollector : TSqlFragmentVisitor
    {
        public List<ObjectReference> References { get; } = [];

        public override void Visit(NamedTableReference node) => Add(node.SchemaObject, node.StartLine, "table or view");

        public override void Visit(SchemaObjectFunctionTableReference node) => Add(node.SchemaObject, node.StartLine, "function");

        public override void Visit(NextValueForExpression node) => Add(node.SequenceName, node.StartLine, "sequence");

        public override void Visit(FunctionCall node)
        {
            if (node.CallTarget is MultiPartIdentifierCallTarget { MultiPartIdentifier.Identifiers: { Count: 1 } parts })
            {
                References.Add(new ObjectReference(parts[0].Value, node.FunctionName.Value, node.StartLine, "function"));
            }
        }

        public override void Visit(ExecutableProcedureReference node)
        {
            if (node.ProcedureReference?.ProcedureReference?.Name is not { } name)
            {
                return;
            }

            Add(name, node.StartLine, "procedure");
            if (!IsTsqlt(name))
            {
                return;
            }

            if (NamingParameters.TryGetValue(name.BaseIdentifier.Value, out var parameters))
            {
                foreach (var (parameter, position) in parameters)
                {
                    if (Argument(node, parameter, position) is StringLiteral literal && ParseName(literal.Value) is { } named)
                    {
                        Add(named, literal.StartLine, $"object in {name.BaseIdentifier.Value}");
                    }
                }
            }

            if (BareNameParameters.TryGetValue(name.BaseIdentifier.Value, out var bare)
                && Argument(node, bare.Parameter, bare.Position) is StringLiteral bareName)
            {
                var kind = name.BaseIdentifier.Value.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) ? "trigger" : "constraint";
                var parsed = ParseName(bareName.Value);
                References.Add(new ObjectReference(string.Empty, parsed?.BaseIdentifier.Value ?? bareName.Value, bareName.StartLine, kind));
            }
        }

        private void Add(SchemaObjectName? name, int line, string kind)
        {
            if (name?.SchemaIdentifier is null || name.BaseIdentifier is null || name.BaseIdentifier.Value.StartsWith('#'))
            {
                return;
            }

            // Another database (master.sys.databases) is not this model's business.
            if (name.DatabaseIdentifier is not null && !string.IsNullOrEmpty(name.DatabaseIdentifier.Value))
            {
                return;
            }

            References.Add(new ObjectReference(name.SchemaIdentifier.Value, name.BaseIdentifier.Value, line, kind));
        }

        /// <summary>
        /// Reads 'schema.name', '[schema].[name]' or a bare 'name' from a string argument. Done by hand because ScriptDom's
        /// name parser refuses unbracketed keywords such as identity, which tSQLt's own name resolution accepts.
        /// </summary>
        private static SchemaObjectName? ParseName(string text)
        {
            var parts = new List<string>();
            var current = new System.Text.StringBuilder();
            char? close = null;
            foreach (var c in text.Trim())
            {
                if (close is not null)
                {
                    if (c == close)
                    {
                        close = null;
                    }
                    else
                    {
                        current.Append(c);
                    }
                }
                else if (c is '[' or '"')
                {
                    close = c == '[' ? ']' : '"';
                }
                else if (c == '.')
                {
                    parts.Add(current.ToString());
                    current.Clear();
                }
                else
                {
                    current.Append(c);
                }
            }

            parts.Add(current.ToString());
            if (parts.Count is < 1 or > 3 || parts.Any(p => p.Length == 0))
            {
                return null;
            }

            var name = new SchemaObjectName();
            foreach (var part in parts)
            {
                name.Identifiers.Add(new Identifier { Value = part });
            }

            return name;
        }
    }
}
