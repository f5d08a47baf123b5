import { z } from 'zod';

// The console's CSP forbids eval; zod would probe for it (a CSP report on every page load) and
// fall back anyway. Tell it up front. Imported by each part of the console that parses with zod.
z.config({ jitless: true });
