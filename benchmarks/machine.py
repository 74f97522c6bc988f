"""What the benchmarks record about the machine they ran on, and how they
write their tables into benchmarks/README.md (shared by the benchmarks'
run.py scripts)."""
import platform


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError):
        return float("nan")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def replace_block(readme, begin, end, block, heading):
    """Puts block (which starts with begin and ends with end) in place of
    the text between the markers in readme, or appends it under heading
    when the markers are not there yet."""
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + \
            text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n## " + heading + "\n\n" + block + "\n"
    with open(readme, "w", encoding="utf-8") as f:
        f.write(text)


def finish(block, failures, argv, readme, begin, end, heading):
    """Prints the table and the failures, writes the table into readme
    (unless --no-readme), and returns the exit status."""
    print(block)
    for f in failures:
        print("FAIL:", f)
    if "--no-readme" not in argv:
        replace_block(readme, begin, end, block, heading)
    return 1 if failures else 0
