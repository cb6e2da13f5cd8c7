"""The soak's verdict in words: the reasons a run failed, and a report that names the slow and failed
requests, the stalls they add up to, and each person the board has wrong."""
from tests.soak.record import by_action, describe_freeze, freezes


def problems_of(summary, calls, mismatches, disagreements, chat, settled, stuck, config) -> list[str]:
    """Every reason the run failed; empty when it passed."""
    problems = []
    if summary["failures"]:
        problems.append(f"{summary['failures']} requests failed ({summary['server_errors']} 5xx, "
                        f"{summary['timeouts']} timeouts, {summary['errors']} connection errors)")
    if summary["slow"]:
        problems.append(f"{summary['slow']} requests took over {config.slow:g} s (max {summary['max']:.1f} s)")
    client_errors = [c for c in calls if isinstance(c.status, int) and 400 <= c.status < 500]
    if client_errors:
        problems.append(f"{len(client_errors)} requests got a 4xx the scenario did not ask for")
    if mismatches:
        problems.append(f"the leads board is wrong for {len(mismatches)} people")
    if disagreements:
        problems.append(f"the clients' record and the API disagree on {len(disagreements)} facts")
    problems += [f"chat: {line}" for line in chat]
    if not settled:
        problems.append(f"the CRM worker did not settle within {config.settle_timeout:g} s after the clients stopped")
    if stuck:
        problems.append(f"clients still running after the deadline: {stuck}")
    return problems


def report_text(label, config, summary, calls, mismatches, disagreements, chat, facts, problems, log_lines) -> str:
    """The figures first, then a section per kind of trouble (only those that occurred)."""
    out = [f"Soak {label}: CRM sync {'on (webhook answering after %gs)' % config.webhook_delay if config.crm else 'off'},"
           f" {config.seconds:g} s, seed {config.seed}, {facts['people']} people",
           f"{summary['requests']} requests: p50 {summary['p50'] * 1000:.0f} ms, p99 {summary['p99']:.2f} s, "
           f"max {summary['max']:.2f} s; {summary['failures']} failed, {summary['slow']} over {config.slow:g} s",
           f"board: {facts['leads']} network leads, {facts['should_have_email']} should carry an email; "
           f"{len(mismatches)} mismatches; webhook mismatches: {facts['webhook_mismatches']}; "
           f"settled {facts['settled']} after {facts['settle_seconds']} s",
           "PROBLEMS: " + ("none" if not problems else "; ".join(problems))]
    _section(out, "BY KIND OF REQUEST", by_action(calls), limit=40)
    windows = freezes(calls, config.slow)
    _section(out, f"STALLS (requests over {config.slow:g} s, grouped by overlapping waits)", map(describe_freeze, windows))
    _section(out, "FAILED REQUESTS (5xx, timeouts, no answer)", [c.line() for c in calls if c.failed])
    _section(out, "UNEXPECTED 4xx", [c.line() for c in calls if isinstance(c.status, int) and 400 <= c.status < 500])
    _section(out, "SLOWEST REQUESTS", [c.line() for c in sorted(calls, key=lambda c: -c.seconds)[:10]
                                       if c.seconds > config.slow])
    _section(out, "BOARD MISMATCHES", mismatches)
    _section(out, "RECORD vs API", disagreements)
    _section(out, "CHAT", chat)
    _section(out, f"SERVER LOG {facts['server_log']}", log_lines)
    return "\n".join(out)


def _section(out: list[str], title: str, lines, limit: int = 25) -> None:
    lines = list(lines)
    if lines:
        out.append(f"--- {title}: {len(lines)}")
        out.extend("  " + line for line in lines[:limit])
        if len(lines) > limit:
            out.append(f"  ... and {len(lines) - limit} more")
