import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { apiError } from './api-error';

/** The first failing constraint, with the dotted path of the property that failed. */
export function firstProblem(errors: readonly ValidationError[], path: string[] = []): { field: string; message: string } | null {
  for (const error of errors) {
    const here = [...path, error.property];
    if (error.constraints && Object.keys(error.constraints).length > 0) {
      return { field: here.join('.'), message: Object.values(error.constraints)[0]! };
    }
    const nested = firstProblem(error.children ?? [], here);
    if (nested) return nested;
  }
  return null;
}

class InputProblem {
  constructor(readonly field: string, readonly message: string) {}
}

/**
 * class-validator on every input type: BAD_USER_INPUT naming the field by its path from the argument
 * (`input.applicant.contact.email`); unknown properties refused. GraphQL itself refuses wrong types and
 * bad enum values before this runs.
 */
@Injectable()
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => {
        const problem = firstProblem(errors);
        return new InputProblem(problem?.field ?? '', problem?.message ?? 'invalid input');
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (err) {
      if (!(err instanceof InputProblem)) throw err;
      const field = [metadata.data, err.field].filter(Boolean).join('.') || 'input';
      throw apiError('BAD_USER_INPUT', `${field}: ${err.message}`, { field });
    }
  }
}
