import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { EntryRequest, LookupRequest, ReportRequest, ScanTextRequest } from '../../../../shared/protocol';
import { readLogFile } from '../../project/logFiles';
import { reportRequest } from '../features/report';
import type { ServerContext, ServerFeature } from '../context';
import { msg } from '../../core/l10n';
import { BadRequest, entry, lookup, scanTextRequest, UnknownEntry } from '../features/requests';
import { throwIfCancelled } from '../cancellation';
import { visibly } from './guard';

/** The custom grpcDoctor/* requests (docs/protocol.md). */
export const requestsFeature: ServerFeature = {
  name: 'requests',
  register(ctx: ServerContext): void {
    const invalid = (err: unknown): never => {
      if (err instanceof BadRequest) throw new ResponseError(ErrorCodes.InvalidParams, err.message);
      if (err instanceof UnknownEntry) throw new ResponseError(LSPErrorCodes.RequestFailed, err.message);
      throw err;
    };
    ctx.connection.onRequest(
      LookupRequest.type,
      visibly(ctx.log, LookupRequest.method, async (params, token) => {
        const settings = await ctx.settings.get();
        throwIfCancelled(token);
        try {
          return lookup(ctx.knowledge.entries, params, ctx.locale(settings));
        } catch (err) {
          return invalid(err);
        }
      }),
    );
    ctx.connection.onRequest(
      EntryRequest.type,
      visibly(ctx.log, EntryRequest.method, async (params, token) => {
        const settings = await ctx.settings.get();
        throwIfCancelled(token);
        const locale = ctx.locale(settings);
        try {
          return entry(ctx.knowledge.byId, params, locale, msg(locale, 'No knowledge entry with this id'));
        } catch (err) {
          return invalid(err);
        }
      }),
    );
    ctx.connection.onRequest(
      ScanTextRequest.type,
      visibly(ctx.log, ScanTextRequest.method, async (params, token) => {
        const settings = await ctx.settings.get();
        throwIfCancelled(token);
        try {
          return scanTextRequest(ctx.scanConfigs.forSettings(settings).set, ctx.knowledge.byId, params, {
            locale: ctx.locale(settings),
            includeLookalikes: settings.includeLookalikes,
            maxFindings: settings.maxProblems,
          });
        } catch (err) {
          return invalid(err);
        }
      }),
    );
    ctx.connection.onRequest(
      ReportRequest.type,
      visibly(ctx.log, ReportRequest.method, async (params) => {
        const settings = await ctx.settings.get();
        try {
          return reportRequest(params, {
            set: ctx.scanConfigs.forSettings(settings).set,
            byId: ctx.knowledge.byId,
            locale: ctx.locale(settings),
            includeLookalikes: settings.includeLookalikes,
            openText: (uri) => ctx.documents.get(uri)?.getText(),
            readFile: (file) => {
              const { data, mtimeMs } = readLogFile(file);
              const utf16 = data[0] === 0xff && data[1] === 0xfe;
              return { text: utf16 ? data.toString('utf16le', 2) : data.toString('utf8'), mtimeMs };
            },
            version: REPORT_VERSION,
          });
        } catch (err) {
          return invalid(err);
        }
      }),
    );
  },
};

/** shown in the report's footer */
const REPORT_VERSION = '0.1.0';
