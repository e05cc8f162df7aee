using PlatformDb.Cli.Core;
using System.Xml.Linq;

namespace PlatformDb.Cli.Deploy;

/// <summary>The parts of a DacFx deploy report XML that review and the data-loss gate need.</summary>
public sealed record DeployReport(IReadOnlyList<PlanAlert> Alerts, IReadOnlyList<PlanOperation> Operations, string Xml)
{
    public IEnumerable<PlanAlert> DataLossAlerts => Alerts.Where(a => a.IsDataLoss);

    public bool IsEmpty => Operations.Count == 0;

    public static DeployReport Parse(string xml)
    {
        var document = XDocument.Parse(xml);
        var alerts = document.Descendants().Where(e => e.Name.LocalName == "Alert")
            .SelectMany(alert => alert.Elements().Where(e => e.Name.LocalName == "Issue")
                .Select(issue => new PlanAlert((string?)alert.Attribute("Name") ?? "", (string?)issue.Attribute("Value") ?? "")))
            .ToList();
        var operations = document.Descendants().Where(e => e.Name.LocalName == "Operation")
            .SelectMany(operation => operation.Elements().Where(e => e.Name.LocalName == "Item")
                .Select(item => new PlanOperation(
                    (string?)operation.Attribute("Name") ?? "",
                    (string?)item.Attribute("Value") ?? "",
                    (string?)item.Attribute("Type") ?? "")))
            .ToList();
        return new DeployReport(alerts, operations, xml);
    }
}
