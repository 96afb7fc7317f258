import {
  Body,
  type CanActivate,
  Controller,
  type ExecutionContext,
  Injectable,
  Post,
  SetMetadata,
  UnauthorizedException,
  ValidationPipe,
} from '@nestjs/common';
import { APP_GUARD, APP_PIPE, Reflector } from '@nestjs/core';
import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { IsString } from 'class-validator';
import { startHostApp, type TestApp } from './utils/test-app';

/** A host app's own conventions: everything needs a bearer token unless marked public. */
const IS_PUBLIC = 'host:isPublic';
const Public = () => SetMetadata(IS_PUBLIC, true);

@Injectable()
class HostAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    if (context.switchToHttp().getRequest().headers.authorization === 'Bearer host-token') return true;
    throw new UnauthorizedException('host token required');
  }
}

class CreateNoteDto {
  @IsString() text!: string;
}

@Controller('notes')
class NotesController {
  @Post()
  create(@Body() note: CreateNoteDto): CreateNoteDto {
    return note;
  }
}

describe('Inside a host app with a global ValidationPipe and a global auth guard', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startHostApp({
      crisp: { decorators: [Public()] },
      controllers: [NotesController],
      providers: [
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }) },
        { provide: APP_GUARD, useClass: HostAuthGuard },
      ],
    });
  });
  afterAll(() => t.close());

  it('the host conventions are in force on its own routes', async () => {
    await t.post({ text: 'hi' }, { path: '/notes', key: null }).expect(401);
    const auth = { authorization: 'Bearer host-token' };
    await t.post({ text: 'hi', extra: 1 }, { path: '/notes', key: null, headers: auth }).expect(400);
    await t.post({ text: 'hi' }, { path: '/notes', key: null, headers: auth }).expect(201);
  });

  it('Crisp hooks pass: the host guard is lifted by the decorators option, and its pipe never sees the payload', async () => {
    const body = crispEvent('message:send', { data: { field_the_host_pipe_would_forbid: true } });
    await t.post(body).expect(200);
    const [row] = await t.settled();
    expect(row.data).toEqual(body.data);
  });

  it("the module's own key guard still applies", async () => {
    await t.post(crispEvent('message:send'), { key: 'wrong' }).expect(401);
  });
});
