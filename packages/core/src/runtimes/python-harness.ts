import { ERROR_CODES } from '@twingraph/model';
import { ERROR_MARKER, INPUTS_FILE, OUTPUTS_MARKER } from './protocol.js';

/** File names inside the work dir's `.twingraph/` folder. */
export const PYTHON_FILES = { harness: 'twingraph_harness.py', component: 'component.py' } as const;

/**
 * Runs `component.py`: loads it as module `component`, calls `process(inputs)` (plain or `async def`)
 * and prints the returned dict on the marker line. Without a `process` function the module is a
 * script that reports outputs itself (marker line or outputs.json).
 */
export const PYTHON_HARNESS = `\
import json, os, sys, types

def _report_error(code, message):
    sys.stdout.write(${JSON.stringify(ERROR_MARKER)} + json.dumps({"code": code, "message": message, "nonRetryable": True}) + "\\n")
    sys.stdout.flush()
    sys.exit(1)

def _main():
    # Only cheap imports here: start-up time is paid by every execution (asyncio alone costs ~30 ms).
    with open(os.path.join(os.environ["TWINGRAPH_WORK_DIR"], ${JSON.stringify(INPUTS_FILE)}), encoding="utf-8") as f:
        inputs = json.load(f)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), ${JSON.stringify(PYTHON_FILES.component)})
    with open(path, encoding="utf-8") as f:
        source = f.read()
    module = types.ModuleType("component")
    module.__file__ = path
    sys.modules["component"] = module
    exec(compile(source, path, "exec"), module.__dict__)
    fn = getattr(module, "process", None)
    if not callable(fn):
        return
    result = fn(inputs)
    if hasattr(result, "__await__"):
        import asyncio
        async def _await():
            return await result
        result = asyncio.run(_await())
    if result is None:
        return
    if not isinstance(result, dict):
        _report_error(${JSON.stringify(ERROR_CODES.INVALID_OUTPUTS)}, "process(inputs) must return a dict of outputs, got " + type(result).__name__)
    try:
        text = json.dumps(result, allow_nan=False)
    except (TypeError, ValueError) as error:
        _report_error(${JSON.stringify(ERROR_CODES.NON_SERIALIZABLE)}, "the outputs of process(inputs) are not JSON-serializable: " + str(error))
    sys.stdout.flush()
    sys.stdout.write(${JSON.stringify(OUTPUTS_MARKER)} + text + "\\n")
    sys.stdout.flush()

_main()
`;
