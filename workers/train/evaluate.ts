import type * as tfl from '@tensorflow/tfjs-layers';
import type { EvaluationMetrics } from '../lib/db/schema/runs.ts';
import { badProbabilities } from '../../models/bundle.ts';
import { auroc, confusion, operatingThreshold, recallByGroup } from '../lib/metrics/classification.ts';
import { wilsonLowerBound } from '../lib/splits/test-size.ts';
import type { Example } from './dataset.ts';
import { evaluateLoss, outputsOf, type TrainContext } from './trainer.ts';

/**
 * Test-split metrics of a trained model. A two-class model decides at an operating threshold on P(bad)
 * chosen on the validation split (never the test split); more classes take the most probable one.
 */
export async function evaluate(
  ctx: TrainContext,
  model: tfl.LayersModel,
  test: Example[],
  validation: Example[],
): Promise<EvaluationMetrics> {
  const { names, classOf } = outputsOf(ctx.run);
  const k = names.length;
  const binary = ctx.run.classes.length === 2;
  let threshold = 0.5;
  if (binary && validation.length) {
    const held = await evaluateLoss(ctx, model, validation);
    threshold = operatingThreshold(
      badProbabilities(held.probabilities, classOf),
      validation.map((e) => e.label !== 0),
    );
  }
  const { loss, probabilities } = await evaluateLoss(ctx, model, test);
  const badScore = badProbabilities(probabilities, classOf);
  const predicted = test.map((_, i) => {
    if (binary) return badScore[i]! >= threshold ? 1 : 0;
    const row = probabilities.subarray(i * k, (i + 1) * k);
    return classOf[row.indexOf(Math.max(...row))]!;
  });
  const isBad = test.map((e) => e.label !== 0);
  const defects = test.map((e) => (e.label === 0 ? null : (e.defectType ?? ctx.run.classes[e.label]!)));
  const correct = predicted.filter((p, i) => p === test[i]!.label).length;
  return {
    testAccuracy: correct / Math.max(1, test.length),
    testLoss: loss,
    auroc: auroc(badScore, isBad),
    wilsonLower: wilsonLowerBound(correct, test.length),
    testCount: test.length,
    recallByDefect: recallByGroup(
      defects,
      predicted.map((p) => p !== 0),
    ),
    confusion: confusion(
      test.map((e) => e.label),
      predicted,
      ctx.run.classes.length,
    ),
    threshold,
  };
}
